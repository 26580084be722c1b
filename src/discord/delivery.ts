import { DiscordAPIError, HTTPError, RateLimitError, type Client, type RateLimitData } from 'discord.js';

/** How persistently the bot delivers a message and how many invalid requests it allows itself. */
export interface DeliverySettings {
  /** First pause before retrying a failed request; it doubles each time (with jitter) up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a message may be retried at most (an interaction token lives 15 minutes). */
  giveUpAfterMs: number;
  /** Invalid requests (401, 403, 429) allowed in any 10 minutes; Discord bans an IP at 10,000. */
  invalidRequestBudget: number;
  /** A request rate limited this many times within a minute is left to the bot's own, slower backoff. */
  rateLimitsPerRequest: number;
}

/** The defaults: retry for up to 10 minutes, from half a second to half a minute apart; at most 1,000 invalid requests. */
export const defaultDeliverySettings: DeliverySettings = {
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  giveUpAfterMs: 10 * 60_000,
  invalidRequestBudget: 1000,
  rateLimitsPerRequest: 2,
};

const tenMinutesMs = 10 * 60_000;

/** One request's identity across discord.js's rate-limit data (a full URL) and its response events (a path). */
function requestKey(method: string, pathOrUrl: string): string {
  const path = /^https?:/i.test(pathOrUrl)
    ? new URL(pathOrUrl).pathname.replace(/^.*?\/v\d+(?=\/)/, '')
    : pathOrUrl;
  return `${method.toUpperCase()} ${decodeURIComponent(path)}`;
}
/** Discord wants an interaction acknowledged within 3 seconds; a wait longer than this cannot make it. */
const acknowledgeWithinMs = 2500;

/** Network failures after which the same request can simply be sent again. */
const networkCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Whether a failed request may succeed if sent again later: a 5xx, a network failure, a timeout or a rate limit. */
export function isTransient(error: unknown): boolean {
  if (error instanceof RateLimitError) return true;
  if (error instanceof HTTPError) return error.status >= 500;
  if (error instanceof DiscordAPIError) return error.status >= 500;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.name === 'AbortError' || current.name === 'TimeoutError') return true;
    const code = (current as NodeJS.ErrnoException).code;
    if (code !== undefined && networkCodes.has(code)) return true;
  }
  return false;
}

/** Thrown when a message could not be delivered before its deadline. */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

/**
 * The bot's delivery state over one discord.js client: the invalid requests Discord answered in the last 10 minutes
 * (counted from the REST client's responses), the rate limits each request met, and the rule discord.js asks before
 * it waits out a rate limit on its own. Requests that keep meeting rate limits, or any request once the budget is
 * spent, are handed back to {@link DeliveryPolicy.deliver}, which backs off with jitter instead of hammering Discord.
 */
export class DeliveryPolicy {
  private readonly invalid: number[] = [];
  private readonly limitedRequests = new Map<string, number[]>();

  constructor(readonly settings: DeliverySettings = defaultDeliverySettings) {}

  /** Counts one response Discord gave; 401, 403 and 429 are invalid requests. */
  recordResponse(method: string, url: string, status: number, now = Date.now()): void {
    if (status !== 401 && status !== 403 && status !== 429) return;
    this.invalid.push(now);
    if (status !== 429) return;
    const key = requestKey(method, url);
    const recent = (this.limitedRequests.get(key) ?? []).filter((at) => now - at < 60_000);
    recent.push(now);
    this.limitedRequests.set(key, recent);
    if (this.limitedRequests.size > 1000) {
      for (const [other, times] of this.limitedRequests)
        if (times.every((at) => now - at >= 60_000)) this.limitedRequests.delete(other);
    }
  }

  /** Invalid requests in the last 10 minutes. */
  invalidRequests(now = Date.now()): number {
    while (this.invalid.length > 0 && now - (this.invalid[0] ?? 0) >= tenMinutesMs) this.invalid.shift();
    return this.invalid.length;
  }

  /** When the budget has room again (now if it has). */
  private budgetFreeAt(now: number): number {
    if (this.invalidRequests(now) < this.settings.invalidRequestBudget) return now;
    return (this.invalid[this.invalid.length - this.settings.invalidRequestBudget] ?? now) + tenMinutesMs;
  }

  /** discord.js's `rejectOnRateLimit`: true hands the rate limit back to the caller instead of waiting inside. */
  rejectOnRateLimit(data: RateLimitData, now = Date.now()): boolean {
    if (this.invalidRequests(now) >= this.settings.invalidRequestBudget) return true;
    if (data.route.endsWith('/callback')) return data.retryAfter > acknowledgeWithinMs;
    const key = requestKey(data.method, data.url);
    const recent = (this.limitedRequests.get(key) ?? []).filter((at) => now - at < 60_000);
    return recent.length >= this.settings.rateLimitsPerRequest;
  }

  /**
   * Runs a request until it succeeds, a permanent error, or `deadline` (ms since the epoch): transient failures (5xx,
   * network, timeouts, rate limits handed back) are retried with exponential backoff and full jitter, and nothing
   * is sent while the invalid-request budget is spent.
   */
  async deliver<T>(request: () => Promise<T>, deadline: number): Promise<T> {
    const latest = Math.min(deadline, Date.now() + this.settings.giveUpAfterMs);
    for (let attempt = 0; ; attempt++) {
      const freeAt = this.budgetFreeAt(Date.now());
      if (freeAt > Date.now()) {
        if (freeAt > latest)
          throw new DeliveryError('The invalid-request budget is spent until after the deadline.');
        await sleep(freeAt - Date.now());
      }
      try {
        return await request();
      } catch (error) {
        if (!isTransient(error)) throw error;
        const backoff = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** attempt);
        const wait = Math.max(
          Math.random() * backoff,
          error instanceof RateLimitError ? error.retryAfter : 0,
        );
        if (Date.now() + wait > latest) {
          throw new DeliveryError('Discord did not accept the message before the deadline.', {
            cause: error,
          });
        }
        await sleep(wait);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

const policies = new WeakMap<Client, DeliveryPolicy>();

/** Attaches a delivery policy to a client: counts its REST responses. Returns the policy. */
export function attachDeliveryPolicy(client: Client, policy: DeliveryPolicy): DeliveryPolicy {
  client.rest.on('response', (request, response) => {
    policy.recordResponse(request.method, request.path, response.status);
  });
  policies.set(client, policy);
  return policy;
}

/** The delivery policy of a client (a default one for a client the bot did not start). */
export function deliveryPolicyOf(client: Client): DeliveryPolicy {
  let policy = policies.get(client);
  if (policy === undefined) {
    policy = new DeliveryPolicy();
    policies.set(client, policy);
  }
  return policy;
}
