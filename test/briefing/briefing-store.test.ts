import { afterEach, describe, expect, it } from 'vitest';
import { BriefingStore } from '../../src/briefing/briefing-store.js';
import { openDatabase, type Db } from '../../src/store/open-database.js';
import { createDatabaseFolder } from './briefing-test-kit.js';

const connections: Db[] = [];
const folders: { remove(): void }[] = [];
afterEach(() => {
  for (const db of connections.splice(0)) db.close();
  for (const folder of folders.splice(0)) folder.remove();
});

function twoConnections(): [BriefingStore, BriefingStore] {
  const folder = createDatabaseFolder();
  folders.push(folder);
  const first = openDatabase(folder.path);
  const second = openDatabase(folder.path);
  connections.push(first, second);
  return [new BriefingStore(first), new BriefingStore(second)];
}

const now = new Date('2025-09-01T06:30:00Z');
const input = {
  scope: '100000000000000001',
  channelId: '300000000000000001',
  cron: '30 6 * * *',
  timezone: 'UTC',
  createdBy: 'moderator-1',
};

/** Claims a slot covering nothing; true when this connection got it. */
function claim(store: BriefingStore, scheduleId: number, slotMs: number, at: Date): boolean {
  return store.claimSlot(scheduleId, slotMs, at, { sinceMs: 0, untilMs: at.getTime() }, () => []) !== null;
}

describe('briefing store', () => {
  it('lets only one connection ever claim a slot, whatever state it reached', () => {
    const [first, second] = twoConnections();
    const schedule = first.saveSchedule(input, now);
    expect(claim(first, schedule.id, 1000, now)).toBe(true);
    expect(claim(second, schedule.id, 1000, now)).toBe(false);
    second.markDelivered(schedule.id, 1000, now, '1 messages');
    expect(claim(first, schedule.id, 1000, now)).toBe(false);
    expect(second.markSkipped(schedule.id, 1000, now, 'late')).toBe(false);
    expect(first.slot(schedule.id, 1000)).toMatchObject({ state: 'delivered', detail: '1 messages' });
    expect(first.get(schedule.id)?.lastSlotMs).toBe(1000);
    expect(claim(second, schedule.id, 2000, now)).toBe(true);
  });

  it('settles only claims older than the cut-off, as possibly sent, and never hands them out again', () => {
    const [first, second] = twoConnections();
    const schedule = first.saveSchedule(input, now);
    claim(first, schedule.id, 1000, new Date('2025-09-01T06:00:00Z'));
    claim(first, schedule.id, 2000, new Date('2025-09-01T06:29:00Z'));
    const settled = second.settleStaleClaims(new Date('2025-09-01T06:15:00Z'), now);
    expect(settled.map((slot) => slot.slotMs)).toEqual([1000]);
    expect(second.slot(schedule.id, 1000)).toMatchObject({ state: 'failed', detail: 'possibly sent' });
    expect(second.slot(schedule.id, 2000)).toMatchObject({ state: 'claimed' });
    expect(claim(second, schedule.id, 1000, now)).toBe(false);
  });

  it('keeps one schedule per channel: saving again changes it and resumes it', () => {
    const [store] = twoConnections();
    const created = store.saveSchedule(input, now);
    store.pause(created.id, 'no permission');
    const changed = store.saveSchedule({ ...input, cron: '0 9 * * 1-5' }, new Date('2025-09-02T00:00:00Z'));
    expect(changed).toMatchObject({
      id: created.id,
      cron: '0 9 * * 1-5',
      pausedReason: null,
      createdAt: '2025-09-02T00:00:00.000Z',
    });
    expect(store.list(input.scope)).toHaveLength(1);
    expect(store.remove(created.id, '100000000000000002')).toBe(false);
    expect(store.remove(created.id, input.scope)).toBe(true);
    expect(store.all()).toEqual([]);
  });
});
