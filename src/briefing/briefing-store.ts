import type { Scope } from '../corpus/article-schema.js';
import type { Db } from '../store/open-database.js';

/** A stored briefing schedule: where, when (cron in an IANA time zone) and whether it is paused. */
export interface BriefingSchedule {
  id: number;
  scope: Scope;
  channelId: string;
  cron: string;
  timezone: string;
  createdBy: string | null;
  /** When the schedule was created or last changed; slots before it are never posted. */
  createdAt: string;
  /** Why the schedule stopped posting (a missing channel or permission), or null while it is active. */
  pausedReason: string | null;
  /** The slot of the last delivered briefing, or null before the first. */
  lastSlotMs: number | null;
  fromEnvironment: boolean;
}

/** The life of one (schedule, slot): claimed before sending, then delivered, skipped or failed. */
export type SlotState = 'claimed' | 'delivered' | 'skipped' | 'failed';

/** One recorded (schedule, slot) row. */
export interface BriefingSlot {
  scheduleId: number;
  slotMs: number;
  state: SlotState;
  claimedAt: string;
  finishedAt: string | null;
  detail: string | null;
}

/** What a new or changed schedule holds. */
export interface ScheduleInput {
  scope: Scope;
  channelId: string;
  cron: string;
  timezone: string;
  createdBy: string | null;
}

interface ScheduleRow {
  id: number;
  scope: string;
  channel_id: string;
  cron: string;
  timezone: string;
  created_by: string | null;
  created_at: string;
  paused_reason: string | null;
  last_slot_ms: number | null;
  from_environment: number;
}

interface SlotRow {
  schedule: number;
  slot_ms: number;
  state: SlotState;
  claimed_at: string;
  finished_at: string | null;
  detail: string | null;
}

function toSchedule(row: ScheduleRow): BriefingSchedule {
  return {
    id: row.id,
    scope: row.scope,
    channelId: row.channel_id,
    cron: row.cron,
    timezone: row.timezone,
    createdBy: row.created_by,
    createdAt: row.created_at,
    pausedReason: row.paused_reason,
    lastSlotMs: row.last_slot_ms,
    fromEnvironment: row.from_environment === 1,
  };
}

function toSlot(row: SlotRow): BriefingSlot {
  return {
    scheduleId: row.schedule,
    slotMs: row.slot_ms,
    state: row.state,
    claimedAt: row.claimed_at,
    finishedAt: row.finished_at,
    detail: row.detail,
  };
}

/**
 * Reads and writes briefing schedules and their slots. Exactly-once posting rests on {@link BriefingStore.claimSlot}:
 * the (schedule, slot) primary key lets only one process, ever, claim a slot; a claim is never handed out again,
 * whatever became of the process that made it.
 */
export class BriefingStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insertSchedule: db.prepare(`INSERT INTO briefing_schedules
        (scope, channel_id, cron, timezone, created_by, created_at, from_environment)
        VALUES (@scope, @channelId, @cron, @timezone, @createdBy, @createdAt, @fromEnvironment)`),
      updateSchedule: db.prepare(`UPDATE briefing_schedules
        SET scope = @scope, channel_id = @channelId, cron = @cron, timezone = @timezone, created_by = @createdBy,
            created_at = @createdAt, paused_reason = NULL
        WHERE id = @id`),
      byId: db.prepare('SELECT * FROM briefing_schedules WHERE id = ?'),
      byChannel: db.prepare(
        'SELECT * FROM briefing_schedules WHERE scope = ? AND channel_id = ? AND from_environment = 0 ORDER BY id LIMIT 1',
      ),
      fromEnvironment: db.prepare(
        'SELECT * FROM briefing_schedules WHERE from_environment = 1 ORDER BY id LIMIT 1',
      ),
      inScope: db.prepare('SELECT * FROM briefing_schedules WHERE scope = ? ORDER BY id'),
      all: db.prepare('SELECT * FROM briefing_schedules ORDER BY id'),
      delete: db.prepare('DELETE FROM briefing_schedules WHERE id = ?'),
      pause: db.prepare('UPDATE briefing_schedules SET paused_reason = ? WHERE id = ?'),
      claim: db.prepare(
        "INSERT OR IGNORE INTO briefing_slots (schedule, slot_ms, state, claimed_at, since_ms, until_ms, covers) VALUES (?, ?, 'claimed', ?, ?, ?, 1)",
      ),
      cover: db.prepare(
        'INSERT OR IGNORE INTO briefing_slot_articles (schedule, slot_ms, article, position) VALUES (?, ?, ?, ?)',
      ),
      covered: db.prepare('SELECT article FROM briefing_slot_articles WHERE schedule = ?').pluck(),
      slotArticles: db
        .prepare(
          'SELECT article FROM briefing_slot_articles WHERE schedule = ? AND slot_ms = ? ORDER BY position',
        )
        .pluck(),
      uncover: db.prepare('DELETE FROM briefing_slot_articles WHERE schedule = ? AND slot_ms = ?'),
      release: db.prepare(
        "UPDATE briefing_slots SET state = 'failed', finished_at = ?, detail = ?, covers = 0 WHERE schedule = ? AND slot_ms = ? AND state = 'claimed'",
      ),
      coveredUntil: db
        .prepare('SELECT max(until_ms) FROM briefing_slots WHERE schedule = ? AND covers = 1')
        .pluck(),
      skip: db.prepare(
        "INSERT OR IGNORE INTO briefing_slots (schedule, slot_ms, state, claimed_at, finished_at, detail, covers) VALUES (?, ?, 'skipped', ?, ?, ?, 0)",
      ),
      finish: db.prepare(
        "UPDATE briefing_slots SET state = ?, finished_at = ?, detail = ? WHERE schedule = ? AND slot_ms = ? AND state = 'claimed'",
      ),
      lastSlot: db.prepare(
        'UPDATE briefing_schedules SET last_slot_ms = max(coalesce(last_slot_ms, 0), ?) WHERE id = ?',
      ),
      slot: db.prepare('SELECT * FROM briefing_slots WHERE schedule = ? AND slot_ms = ?'),
      firstSlot: db.prepare('SELECT * FROM briefing_slots WHERE schedule = ? ORDER BY slot_ms LIMIT 1'),
      staleClaims: db.prepare(
        "SELECT * FROM briefing_slots WHERE state = 'claimed' AND claimed_at < ? ORDER BY slot_ms",
      ),
    };
  }

  /** Creates a schedule, or changes (and resumes) the one already posting to that channel in that scope. */
  saveSchedule(input: ScheduleInput, now: Date): BriefingSchedule {
    return this.db
      .transaction(() => {
        const existing = this.statements.byChannel.get(input.scope, input.channelId) as
          ScheduleRow | undefined;
        const values = { ...input, createdAt: now.toISOString() };
        if (existing) {
          this.statements.updateSchedule.run({ ...values, id: existing.id });
          return this.getUnchecked(existing.id);
        }
        const info = this.statements.insertSchedule.run({ ...values, fromEnvironment: 0 });
        return this.getUnchecked(Number(info.lastInsertRowid));
      })
      .immediate();
  }

  /**
   * Creates or updates the one schedule configured by the environment. A change of channel, cron, time zone or scope
   * restarts it from `now`; an unchanged one is only resumed, since a restart is when an operator fixes permissions.
   */
  saveEnvironmentSchedule(input: Omit<ScheduleInput, 'createdBy'>, now: Date): BriefingSchedule {
    return this.db
      .transaction(() => {
        const existing = this.statements.fromEnvironment.get() as ScheduleRow | undefined;
        if (!existing) {
          const info = this.statements.insertSchedule.run({
            ...input,
            createdBy: null,
            createdAt: now.toISOString(),
            fromEnvironment: 1,
          });
          return this.getUnchecked(Number(info.lastInsertRowid));
        }
        const changed =
          existing.scope !== input.scope ||
          existing.channel_id !== input.channelId ||
          existing.cron !== input.cron ||
          existing.timezone !== input.timezone;
        this.statements.updateSchedule.run({
          ...input,
          id: existing.id,
          createdBy: null,
          createdAt: changed ? now.toISOString() : existing.created_at,
        });
        return this.getUnchecked(existing.id);
      })
      .immediate();
  }

  /** The environment schedule, if one was ever configured. */
  environmentSchedule(): BriefingSchedule | undefined {
    const row = this.statements.fromEnvironment.get() as ScheduleRow | undefined;
    return row ? toSchedule(row) : undefined;
  }

  /** The schedule with this id, if it exists (and, when `scope` is given, belongs to that scope). */
  get(id: number, scope?: Scope): BriefingSchedule | undefined {
    const row = this.statements.byId.get(id) as ScheduleRow | undefined;
    if (!row || (scope !== undefined && row.scope !== scope)) return undefined;
    return toSchedule(row);
  }

  private getUnchecked(id: number): BriefingSchedule {
    return toSchedule(this.statements.byId.get(id) as ScheduleRow);
  }

  /** Schedules of one scope, oldest first. */
  list(scope: Scope): BriefingSchedule[] {
    return (this.statements.inScope.all(scope) as ScheduleRow[]).map(toSchedule);
  }

  /** Every schedule, paused ones included. */
  all(): BriefingSchedule[] {
    return (this.statements.all.all() as ScheduleRow[]).map(toSchedule);
  }

  /** Deletes a schedule and its slot history; false when there was no such schedule in `scope`. */
  remove(id: number, scope: Scope): boolean {
    return this.db
      .transaction(() => {
        if (!this.get(id, scope)) return false;
        this.statements.delete.run(id);
        return true;
      })
      .immediate();
  }

  /** Stops a schedule from posting until it is saved again (or resumed), recording why. */
  pause(id: number, reason: string): void {
    this.statements.pause.run(reason, id);
  }

  /** Lets a paused schedule post again. */
  resume(id: number): void {
    this.statements.pause.run(null, id);
  }

  /**
   * Claims a slot for sending and fixes what it covers, in one IMMEDIATE transaction: inserts (schedule, slot) as
   * 'claimed' with its window, then records the articles `choose` picks (given those any earlier slot of the
   * schedule covers, which it must leave out) and returns them; returns null when any process ever recorded that
   * slot. An article is covered at most once per schedule: the table's primary key holds that, whatever crashes.
   */
  claimSlot(
    scheduleId: number,
    slotMs: number,
    now: Date,
    window: { sinceMs: number; untilMs: number },
    choose: (covered: ReadonlySet<number>) => readonly number[],
  ): number[] | null {
    return this.db
      .transaction(() => {
        const claimed = this.statements.claim.run(
          scheduleId,
          slotMs,
          now.toISOString(),
          window.sinceMs,
          window.untilMs,
        );
        if (claimed.changes !== 1) return null;
        const covered = new Set(this.statements.covered.all(scheduleId) as number[]);
        const chosen = choose(covered).filter((article) => !covered.has(article));
        chosen.forEach((article, position) =>
          this.statements.cover.run(scheduleId, slotMs, article, position),
        );
        return chosen;
      })
      .immediate();
  }

  /** The articles a claimed slot covers, in the order they were chosen. */
  slotArticles(scheduleId: number, slotMs: number): number[] {
    return this.statements.slotArticles.all(scheduleId, slotMs) as number[];
  }

  /** Every article some slot of the schedule covers (posted, or possibly posted). */
  coveredArticles(scheduleId: number): Set<number> {
    return new Set(this.statements.covered.all(scheduleId) as number[]);
  }

  /** Where the news of the schedule's covered slots ends, or undefined before any slot covered anything. */
  coveredUntil(scheduleId: number): number | undefined {
    return (this.statements.coveredUntil.get(scheduleId) as number | null) ?? undefined;
  }

  /**
   * Records that a claimed slot certainly posted nothing (the briefing could not be built, or Discord refused the
   * first message): its articles are released, so the next slot covers them and no news is lost.
   */
  releaseSlot(scheduleId: number, slotMs: number, now: Date, detail: string): void {
    this.db
      .transaction(() => {
        this.statements.release.run(now.toISOString(), detail, scheduleId, slotMs);
        this.statements.uncover.run(scheduleId, slotMs);
      })
      .immediate();
  }

  /** Records that a claimed slot was posted (or had nothing to post), advancing the schedule's last slot. */
  markDelivered(scheduleId: number, slotMs: number, now: Date, detail: string | null = null): void {
    this.db
      .transaction(() => {
        this.statements.finish.run('delivered', now.toISOString(), detail, scheduleId, slotMs);
        this.statements.lastSlot.run(slotMs, scheduleId);
      })
      .immediate();
  }

  /**
   * Records that posting a claimed slot failed after something may have reached Discord; it is never tried again and
   * its articles stay covered, so a later slot never repeats them.
   */
  markFailed(scheduleId: number, slotMs: number, now: Date, detail: string): void {
    this.statements.finish.run('failed', now.toISOString(), detail, scheduleId, slotMs);
  }

  /** Records a slot that will not be posted (missed beyond the grace window); false if it was already recorded. */
  markSkipped(scheduleId: number, slotMs: number, now: Date, detail: string): boolean {
    const at = now.toISOString();
    return this.statements.skip.run(scheduleId, slotMs, at, at, detail).changes === 1;
  }

  /** The recorded state of one slot, if any. */
  slot(scheduleId: number, slotMs: number): BriefingSlot | undefined {
    const row = this.statements.slot.get(scheduleId, slotMs) as SlotRow | undefined;
    return row ? toSlot(row) : undefined;
  }

  /** The earliest recorded slot of a schedule, whatever became of it. */
  firstSlot(scheduleId: number): BriefingSlot | undefined {
    const row = this.statements.firstSlot.get(scheduleId) as SlotRow | undefined;
    return row ? toSlot(row) : undefined;
  }

  /**
   * Turns claims older than `before` (their process most likely died mid-send) into 'failed' with the detail
   * "possibly sent", and returns them so they can be logged. They are never posted again and their articles stay
   * covered: a crash may have come after Discord accepted the message, and a repeat is worse than a gap.
   */
  settleStaleClaims(before: Date, now: Date): BriefingSlot[] {
    return this.db
      .transaction(() => {
        const stale = (this.statements.staleClaims.all(before.toISOString()) as SlotRow[]).map(toSlot);
        for (const slot of stale) {
          this.statements.finish.run(
            'failed',
            now.toISOString(),
            'possibly sent',
            slot.scheduleId,
            slot.slotMs,
          );
        }
        return stale;
      })
      .immediate();
  }
}
