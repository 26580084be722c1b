/**
 * Lets at most `limit` requests run at once against one host, queueing the rest in order, so polling many feeds of
 * one site (and fetching the pages their entries link) never floods it.
 */
export class HostLimiter {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {}

  /** Runs `work` once fewer than `limit` requests to `host` are running. */
  async run<T>(host: string, work: () => Promise<T>): Promise<T> {
    if ((this.running.get(host) ?? 0) >= this.limit) {
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(host) ?? [];
        queue.push(resolve);
        this.waiting.set(host, queue);
      });
    } else {
      this.running.set(host, (this.running.get(host) ?? 0) + 1);
    }
    try {
      return await work();
    } finally {
      // A waiting request takes over this one's place, so the count only drops when nobody waits.
      const next = this.waiting.get(host)?.shift();
      if (next !== undefined) next();
      else this.running.set(host, (this.running.get(host) ?? 1) - 1);
    }
  }
}

/** The host a request to `url` goes to (empty for an address that cannot be read, which fails on its own later). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
