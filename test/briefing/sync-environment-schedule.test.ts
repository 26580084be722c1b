import { afterEach, describe, expect, it } from 'vitest';
import { syncEnvironmentSchedule } from '../../src/briefing/sync-environment-schedule.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { BriefingStore } from '../../src/briefing/briefing-store.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { fixedClock } from '../helpers/create-test-app.js';
import { createDatabaseFolder } from './briefing-test-kit.js';

let db: Db | undefined;
const folders: { remove(): void }[] = [];
afterEach(() => {
  db?.close();
  db = undefined;
  for (const folder of folders.splice(0)) folder.remove();
});

function storeOnFile(): BriefingStore {
  const folder = createDatabaseFolder();
  folders.push(folder);
  db = openDatabase(folder.path);
  return new BriefingStore(db);
}

const clock = fixedClock('2025-09-01T00:00:00Z');
const sync = (store: BriefingStore, environment: Record<string, string>) =>
  syncEnvironmentSchedule(
    { config: loadConfig(environment, { dotenv: false }), clock, logger: silentLogger },
    store,
  );

describe('the briefing schedule from the environment', () => {
  it('is created, updated in place, resumed at start, and removed when the channel is unset', () => {
    const store = storeOnFile();
    const created = sync(store, {
      NEWSDESK_BRIEFING_CHANNEL_ID: '300000000000000001',
      DISCORD_GUILD_ID: '100000000000000001',
    });
    expect(created).toMatchObject({
      ok: true,
      value: { scope: '100000000000000001', cron: '0 8 * * *', timezone: 'UTC', fromEnvironment: true },
    });
    const id = created.ok ? created.value?.id : undefined;
    store.pause(id ?? 0, 'no permission');
    const changed = sync(store, {
      NEWSDESK_BRIEFING_CHANNEL_ID: '300000000000000001',
      NEWSDESK_BRIEFING_CRON: '30 7 * * 1-5',
      NEWSDESK_BRIEFING_TZ: 'Europe/Berlin',
    });
    expect(changed).toMatchObject({
      ok: true,
      value: { id, scope: 'global', cron: '30 7 * * 1-5', timezone: 'Europe/Berlin', pausedReason: null },
    });
    expect(store.all()).toHaveLength(1);
    expect(sync(store, {})).toEqual({ ok: true, value: null });
    expect(store.all()).toEqual([]);
  });

  it('never gets a cron that would post more than once an hour: the settings refuse it at start', () => {
    const store = storeOnFile();
    expect(() =>
      sync(store, {
        NEWSDESK_BRIEFING_CHANNEL_ID: '300000000000000001',
        NEWSDESK_BRIEFING_CRON: '*/5 * * * *',
      }),
    ).toThrow(/NEWSDESK_BRIEFING_CRON is "\*\/5 \* \* \* \*": A briefing can be posted at most once an hour/);
    expect(store.all()).toEqual([]);
  });
});
