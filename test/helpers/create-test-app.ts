import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/create-app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';

/** A newsdesk app over a fresh SQLite file in a temp folder, with the curated data synced in. */
export interface TestApp {
  deps: Deps;
  /** The app's own connection, for checking rows the core wrote. */
  db: App['db'];
  /** What the start-up sync of the curated folder reported. */
  curated: App['curated'];
  directory: string;
  close(): void;
}

/** Builds a test app; `environment` adds settings (as strings, like the real environment) and `overrides` parts. */
export function createTestApp(
  environment: Record<string, string> = {},
  overrides: Partial<Deps> = {},
): TestApp {
  const directory = mkdtempSync(join(tmpdir(), 'newsdesk-test-'));
  const config = loadConfig(
    { NEWSDESK_DB: join(directory, 'newsdesk.db'), NEWSDESK_ARTICLES_DIR: 'data/articles', ...environment },
    { dotenv: false },
  );
  const app = createApp(config, { logger: silentLogger, ...overrides });
  return {
    deps: app.deps,
    db: app.db,
    curated: app.curated,
    directory,
    close() {
      app.db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A clock that stays where it is put. */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set(next: string) {
      now = new Date(next);
    },
  };
}
