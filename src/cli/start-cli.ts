import { createApp, type App } from '../app/create-app.js';
import { loadConfig } from '../config.js';
import type { Deps } from '../deps.js';
import { createLogger } from '../logger.js';

/**
 * Builds the app for a one-shot terminal command; routine log lines stay quiet so the command's own output (or
 * `--json` document) is all a user sees.
 */
export function startCli(): App {
  const config = loadConfig();
  const level = config.NEWSDESK_LOG_LEVEL === 'info' ? 'warn' : config.NEWSDESK_LOG_LEVEL;
  return createApp(config, { logger: createLogger(level) });
}

/** Runs a one-shot command with the process arguments, closes the database and sets the exit code. */
export async function runMain(run: (deps: Deps, words: string[]) => Promise<number>): Promise<void> {
  let app: App | undefined;
  try {
    app = startCli();
    process.exitCode = await run(app.deps, process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exitCode = 1;
  } finally {
    app?.db.close();
  }
}
