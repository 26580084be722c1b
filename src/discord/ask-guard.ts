import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { fail, ok, type Result } from '../result.js';

const hourMs = 3_600_000;

/**
 * Per-user cooldown between questions and per-server hourly budget of LLM answers, both measured on the injected
 * clock. State is in memory: a restart forgets cooldowns and starts each budget afresh.
 */
export class AskGuard {
  private readonly lastAsked = new Map<string, number>();
  private readonly llmUses = new Map<string, number[]>();

  constructor(
    private readonly config: Pick<Config, 'NEWSDESK_COOLDOWN_SECONDS' | 'NEWSDESK_LLM_BUDGET_PER_HOUR'>,
    private readonly clock: Clock,
  ) {}

  /** Lets a user ask if their cooldown has passed, and starts a new one. */
  admit(userId: string): Result<void, 'cooldown'> {
    const cooldownMs = this.config.NEWSDESK_COOLDOWN_SECONDS * 1000;
    const now = this.clock.now().getTime();
    const last = this.lastAsked.get(userId);
    if (last !== undefined && now - last < cooldownMs) {
      const seconds = Math.ceil((cooldownMs - (now - last)) / 1000);
      return fail(
        'cooldown',
        `You're asking a little fast. Please wait ${seconds} second${seconds === 1 ? '' : 's'} and ask again.`,
      );
    }
    if (this.lastAsked.size > 10_000) {
      for (const [user, at] of this.lastAsked) if (now - at >= cooldownMs) this.lastAsked.delete(user);
    }
    this.lastAsked.set(userId, now);
    return ok(undefined);
  }

  /** Takes one LLM answer from a server's hourly budget; false when the budget for the last hour is spent. */
  takeLlmBudget(budgetKey: string): boolean {
    const now = this.clock.now().getTime();
    const recent = (this.llmUses.get(budgetKey) ?? []).filter((at) => now - at < hourMs);
    if (recent.length >= this.config.NEWSDESK_LLM_BUDGET_PER_HOUR) {
      this.llmUses.set(budgetKey, recent);
      return false;
    }
    recent.push(now);
    this.llmUses.set(budgetKey, recent);
    return true;
  }
}
