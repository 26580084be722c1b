import { createApp, type App } from '../app/create-app.js';
import { ConfigError, loadConfig, secretsOf, type Config } from '../config.js';
import { syncWarnings } from '../corpus/sync-data-dir.js';
import { feedsFileWarnings } from '../feeds/sync-feeds-file.js';
import type { Deps } from '../deps.js';
import { createLogger } from '../logger.js';

/**
 * Builds the app for the terminal (a one-shot command or the interactive prompt): routine log lines stay quiet so
 * the command's own output (or `--json` document) is all a user sees, and problems with the curated folder and feeds file are told
 * once, in words, on standard error.
 */
export function startCli(config: Config = loadConfig()): App {
  const level = config.NEWSDESK_LOG_LEVEL === 'info' ? 'warn' : config.NEWSDESK_LOG_LEVEL;
  const app = createApp(config, { logger: createLogger(level, { secrets: secretsOf(config) }) });
  for (const warning of [...syncWarnings(app.curated), ...feedsFileWarnings(app.curatedFeeds)]) {
    console.error(`Warning: ${warning}`);
  }
  return app;
}

/**
 * Runs a one-shot command with the process arguments, closes the database and sets the exit code. A failure to
 * start (refused settings, a database that cannot be opened) is reported like any error: with `--json`, as one
 * `{"error": {"code", "message"}}` document on standard output.
 */
export async function runMain(run: (deps: Deps, words: string[]) => Promise<number>): Promise<void> {
  const words = process.argv.slice(2);
  let app: App | undefined;
  try {
    app = startCli();
    process.exitCode = await run(app.deps, words);
  } catch (error) {
    const code = error instanceof ConfigError ? 'invalid-settings' : 'failed';
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (words.includes('--json')) console.log(JSON.stringify({ error: { code, message } }, null, 2));
    else console.error(message);
    process.exitCode = 1;
  } finally {
    app?.db.close();
  }
}
