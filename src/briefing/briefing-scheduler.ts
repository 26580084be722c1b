import { Cron } from 'croner';
import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import { SerialPasses } from '../serial-passes.js';
import type { BriefingSchedule, BriefingStore } from './briefing-store.js';
import type { Briefing } from './briefing.js';
import { buildBriefing, selectNewArticles } from './build-briefing.js';

/** Why a briefing could not be posted; the first two pause the schedule. */
export type PostFailure = 'missing-channel' | 'missing-permission' | 'failed';

/** What posting a briefing did: posted, or failed, saying whether any of it may have reached Discord. */
export type PostOutcome =
  | { ok: true; value: { messageIds: string[] } }
  | { ok: false; reason: PostFailure; message: string; mayHavePosted: boolean };

/**
 * Renders and posts a briefing to a channel; implemented over discord.js in `src/discord/` (which owns how a
 * briefing looks there), faked in tests. `key` is unique to the slot, so a retried post can be recognised.
 */
export interface BriefingPoster {
  post(channelId: string, briefing: Briefing, options: { key: string }): Promise<PostOutcome>;
}

/** A key unique to one (schedule, slot), short enough for Discord's 25-character nonce with a part number. */
export function slotKey(scheduleId: number, slotMs: number): string {
  return `b${scheduleId.toString(36)}-${slotMs.toString(36)}`;
}

/** What became of one slot in a tick, or of a briefing posted on request. */
export interface SlotReport {
  scheduleId: number;
  slotMs: number;
  outcome: 'delivered' | 'nothing-new' | 'skipped' | 'failed' | 'paused';
  /** How many messages were posted. */
  messages: number;
  /** Why posting failed, for 'failed' and 'paused'. */
  failure?: PostFailure;
}

/** Tuning for the scheduler; the defaults come from the config. */
export interface BriefingSchedulerOptions {
  /** A slot missed by more than this is skipped, not posted late. */
  graceMinutes?: number;
  /** A claim older than this whose process never finished it is settled as "possibly sent". */
  staleClaimMinutes?: number;
  /** Post a short "no new articles" note instead of nothing. */
  emptyNote?: boolean;
}

const dayMs = 24 * 60 * 60 * 1000;

/** Whether a briefing has no news at all. */
export function isEmpty(briefing: Briefing): boolean {
  return briefing.items.length + briefing.omitted === 0;
}

/**
 * The latest slot of a schedule at or before `now` (croner reads the cron in the schedule's time zone, so
 * daylight-saving changes land on the right local time), or null when there is none since `notBeforeMs`.
 */
export function latestDueSlot(cron: string, timezone: string, now: Date, notBeforeMs: number): number | null {
  // previousRuns excludes a run exactly at its reference, so look from just after now.
  const [latest] = new Cron(cron, { timezone, mode: '5-part' }).previousRuns(1, new Date(now.getTime() + 1));
  if (latest === undefined || latest.getTime() < notBeforeMs) return null;
  return latest.getTime();
}

/**
 * Posts each schedule's briefing exactly once per slot. Every tick looks at the latest due slot of each active
 * schedule: within the grace window it is claimed in the database (so no other process, now or after a restart,
 * posts it too), built, posted and marked delivered; later than that it is recorded as skipped. A missing channel
 * or permission pauses the schedule. Time comes from the injected clock, so tests move time and call
 * {@link BriefingScheduler.tick} instead of sleeping.
 */
export class BriefingScheduler {
  private readonly graceMs: number;
  private readonly staleClaimMs: number;
  private readonly emptyNote: boolean;
  private readonly passes = new SerialPasses();

  constructor(
    private readonly deps: Deps,
    private readonly store: BriefingStore,
    private readonly poster: BriefingPoster,
    options: BriefingSchedulerOptions = {},
  ) {
    this.graceMs = (options.graceMinutes ?? deps.config.NEWSDESK_BRIEFING_GRACE_MINUTES) * 60_000;
    this.staleClaimMs = (options.staleClaimMinutes ?? 15) * 60_000;
    this.emptyNote = options.emptyNote ?? deps.config.NEWSDESK_BRIEFING_EMPTY_NOTE;
  }

  /** Runs one pass over every schedule; passes never overlap within a process. */
  tick(): Promise<SlotReport[]> {
    return this.passes.run(() => this.runTick());
  }

  /** Ticks now (posting a slot missed while down, if still within grace) and then every `intervalMs`. */
  start(intervalMs = 30_000): void {
    this.passes.start(
      () => this.tick(),
      intervalMs,
      (error) => this.deps.logger.error('briefing tick failed', { error }),
    );
  }

  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void> {
    return this.passes.stop();
  }

  /**
   * Where the next briefing of a schedule starts: where the news of its last covering slot ended (posted or possibly
   * posted), or, before any, 24 hours before the first slot (so news of a skipped or failed first slot is carried
   * to the next one). Articles a slot already covers are left out whatever the window says.
   */
  sinceFor(schedule: BriefingSchedule, now: Date): number {
    const covered = this.store.coveredUntil(schedule.id);
    if (covered !== undefined) return covered;
    return Math.min(this.store.firstSlot(schedule.id)?.slotMs ?? now.getTime(), now.getTime()) - dayMs;
  }

  /** Builds what a schedule (or, without one, a scope over the last 24 hours) would post right now, without posting. */
  preview(target: BriefingSchedule | Scope): Promise<Briefing> {
    const now = this.deps.clock.now();
    if (typeof target === 'string')
      return buildBriefing(this.deps, { scope: target, sinceMs: now.getTime() - dayMs, now });
    const sinceMs = this.sinceFor(target, now);
    const articles = selectNewArticles(
      this.deps.articles,
      target.scope,
      { sinceMs, untilMs: now.getTime() },
      this.store.coveredArticles(target.id),
    );
    return buildBriefing(this.deps, { scope: target.scope, sinceMs, now, articles });
  }

  /**
   * Claims a slot with the articles it will cover, chosen in the same transaction: new in the schedule's window and
   * covered by no earlier slot. Null when the slot was already recorded (another process, or an earlier life).
   */
  private claim(schedule: BriefingSchedule, slotMs: number, now: Date): { sinceMs: number } | null {
    const sinceMs = this.sinceFor(schedule, now);
    const window = { sinceMs, untilMs: now.getTime() };
    const chosen = this.store.claimSlot(schedule.id, slotMs, now, window, (covered) =>
      selectNewArticles(this.deps.articles, schedule.scope, window, covered).map((article) => article.rowid),
    );
    return chosen === null ? null : { sinceMs };
  }

  /**
   * Posts a schedule's briefing now, as an extra slot at the current instant, so the next scheduled briefing starts
   * where this one ended. Works for a paused schedule too (a moderator checking a fixed permission), and resumes it
   * when the post succeeds.
   */
  postNow(scheduleId: number): Promise<Result<SlotReport, 'not-found' | 'busy' | PostFailure>> {
    return this.passes.run(async (): Promise<Result<SlotReport, 'not-found' | 'busy' | PostFailure>> => {
      const schedule = this.store.get(scheduleId);
      if (!schedule) return fail('not-found', 'There is no such briefing schedule.');
      const now = this.deps.clock.now();
      const slotMs = now.getTime();
      const claimed = this.claim(schedule, slotMs, now);
      if (claimed === null) return fail('busy', 'A briefing for this schedule is being posted right now.');
      const report = await this.deliver(schedule, slotMs, claimed.sinceMs, now, true);
      if (report.failure === undefined) return ok(report);
      const message =
        report.outcome === 'paused'
          ? (this.store.get(schedule.id)?.pausedReason ?? 'The briefing channel cannot be used.')
          : 'Posting the briefing failed; the log has the details.';
      return fail(report.failure, message);
    });
  }

  private async runTick(): Promise<SlotReport[]> {
    const now = this.deps.clock.now();
    for (const slot of this.store.settleStaleClaims(new Date(now.getTime() - this.staleClaimMs), now)) {
      this.deps.logger.warn(
        'briefing slot was claimed but never finished (crash?); treating it as possibly sent',
        {
          scheduleId: slot.scheduleId,
          slot: new Date(slot.slotMs).toISOString(),
          claimedAt: slot.claimedAt,
        },
      );
    }
    const reports: SlotReport[] = [];
    for (const schedule of this.store.all()) {
      if (schedule.pausedReason !== null) continue;
      const report = await this.runSchedule(schedule, now);
      if (report) reports.push(report);
    }
    return reports;
  }

  private async runSchedule(schedule: BriefingSchedule, now: Date): Promise<SlotReport | undefined> {
    let slotMs: number | null;
    try {
      slotMs = latestDueSlot(schedule.cron, schedule.timezone, now, Date.parse(schedule.createdAt));
    } catch (error) {
      this.deps.logger.error('briefing schedule cannot be read; pausing it', {
        scheduleId: schedule.id,
        error,
      });
      this.store.pause(schedule.id, `The schedule "${schedule.cron}" (${schedule.timezone}) cannot be read.`);
      return undefined;
    }
    if (slotMs === null || this.store.slot(schedule.id, slotMs) !== undefined) return undefined;
    const lateMs = now.getTime() - slotMs;
    if (lateMs > this.graceMs) {
      if (
        this.store.markSkipped(schedule.id, slotMs, now, `missed by ${Math.round(lateMs / 60_000)} minutes`)
      ) {
        this.deps.logger.warn('briefing slot missed beyond the grace window; skipped', {
          scheduleId: schedule.id,
          slot: new Date(slotMs).toISOString(),
          lateMinutes: Math.round(lateMs / 60_000),
        });
        return { scheduleId: schedule.id, slotMs, outcome: 'skipped', messages: 0 };
      }
      return undefined;
    }
    // Another process (or an earlier life of this one) got there first.
    const claimed = this.claim(schedule, slotMs, now);
    if (claimed === null) return undefined;
    return this.deliver(schedule, slotMs, claimed.sinceMs, now, false);
  }

  /**
   * Builds, posts and records a claimed slot from exactly the articles its claim covers. When nothing can have
   * reached Discord (the build failed, or the first message was refused) the articles are released to the next slot;
   * otherwise they stay covered, so no later briefing repeats them.
   */
  private async deliver(
    schedule: BriefingSchedule,
    slotMs: number,
    sinceMs: number,
    now: Date,
    manual: boolean,
  ): Promise<SlotReport> {
    const base = { scheduleId: schedule.id, slotMs };
    const fields = {
      scheduleId: schedule.id,
      channelId: schedule.channelId,
      slot: new Date(slotMs).toISOString(),
    };
    let briefing: Briefing;
    try {
      const articles = this.store
        .slotArticles(schedule.id, slotMs)
        .flatMap((rowid) => this.deps.articles.byRowid(rowid) ?? []);
      briefing = await buildBriefing(this.deps, { scope: schedule.scope, sinceMs, now, articles });
    } catch (error) {
      this.store.releaseSlot(schedule.id, slotMs, this.deps.clock.now(), 'building the briefing failed');
      this.deps.logger.error('building a briefing failed', { ...fields, error });
      return { ...base, outcome: 'failed', messages: 0, failure: 'failed' };
    }
    if (isEmpty(briefing) && !this.emptyNote) {
      this.store.markDelivered(schedule.id, slotMs, this.deps.clock.now(), 'nothing new');
      this.deps.logger.info('briefing had nothing new; nothing posted', fields);
      return { ...base, outcome: 'nothing-new', messages: 0 };
    }
    const posted = await this.poster.post(schedule.channelId, briefing, {
      key: slotKey(schedule.id, slotMs),
    });
    const finished = this.deps.clock.now();
    if (posted.ok) {
      this.store.markDelivered(schedule.id, slotMs, finished, `${posted.value.messageIds.length} messages`);
      if (manual && schedule.pausedReason !== null) this.store.resume(schedule.id);
      this.deps.logger.info('briefing posted', {
        ...fields,
        messages: posted.value.messageIds.length,
        manual,
      });
      return { ...base, outcome: 'delivered', messages: posted.value.messageIds.length };
    }
    if (posted.mayHavePosted)
      this.store.markFailed(schedule.id, slotMs, finished, `possibly sent: ${posted.message}`);
    else this.store.releaseSlot(schedule.id, slotMs, finished, posted.message);
    if (posted.reason === 'failed') {
      this.deps.logger.error('posting a briefing failed; the slot will not be retried', {
        ...fields,
        reason: posted.message,
      });
      return { ...base, outcome: 'failed', messages: 0, failure: 'failed' };
    }
    const reason =
      posted.reason === 'missing-channel'
        ? 'The briefing channel no longer exists or I cannot see it.'
        : 'I lack permission to post in the briefing channel (View Channel and Send Messages are needed).';
    this.store.pause(schedule.id, reason);
    this.deps.logger.warn('briefing schedule paused', {
      ...fields,
      reason: posted.reason,
      detail: posted.message,
    });
    return { ...base, outcome: 'paused', messages: 0, failure: posted.reason };
  }
}
