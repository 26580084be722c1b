import { createApp } from '../app/create-app.js';
import { loadConfig, secretsOf } from '../config.js';
import type { Deps } from '../deps.js';
import { createLogger } from '../logger.js';

/**
 * Builds the app for a one-shot terminal command; routine log lines stay quiet so the command's own output (or
 * `--json` document) is all a user sees.
 */
export function startCli(): Deps {
  const config = loadConfig();
  const level = config.NEWSDESK_LOG_LEVEL === 'info' ? 'warn' : config.NEWSDESK_LOG_LEVEL;
  return createApp(config, { logger: createLogger(level, { secrets: secretsOf(config) }) });
}

/** Runs a one-shot command with the process arguments, closes the database and sets the exit code. */
export async function runMain(run: (deps: Deps, words: string[]) => Promise<number>): Promise<void> {
  let deps: Deps | undefined;
  try {
    deps = startCli();
    process.exitCode = await run(deps, process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exitCode = 1;
  } finally {
    deps?.db.close();
  }
}
