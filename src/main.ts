import { createApp } from './app/create-app.js';
import { runTerminal } from './cli/run-terminal.js';
import { startCli } from './cli/start-cli.js';
import { loadConfig } from './config.js';
import { syncWarnings } from './corpus/sync-data-dir.js';
import { feedsFileWarnings } from './feeds/sync-feeds-file.js';

/**
 * `npm start`: the Discord bot when DISCORD_TOKEN is set, otherwise the same bot in the terminal.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.DISCORD_TOKEN === undefined) {
    const app = startCli(config);
    try {
      await runTerminal(app.deps);
    } finally {
      app.close();
    }
    return;
  }
  const app = createApp(config);
  const { deps } = app;
  for (const warning of [...syncWarnings(app.curated), ...feedsFileWarnings(app.curatedFeeds)]) {
    deps.logger.warn(warning);
  }
  const { startBot } = await import('./discord/start-bot.js');
  const { startBriefingService } = await import('./discord/briefing-service.js');
  const { startFeedService } = await import('./discord/feed-service.js');
  let briefings: { stop(): Promise<void> } | undefined;
  let feeds: { stop(): Promise<void> } | undefined;
  const bot = await startBot(deps, {
    onReady: (client) => {
      briefings = startBriefingService(client, deps);
      feeds = startFeedService(client, deps);
    },
  });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('stopping', { signal });
    await briefings?.stop();
    await feeds?.stop();
    await bot.stop();
    app.close();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  process.exitCode = 1;
}
