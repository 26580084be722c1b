/**
 * Runs a scheduler's passes one after another within a process (a tick never overlaps another, or a request made
 * meanwhile), and ticks on a timer that does not keep the process alive. Shared by briefings and feeds.
 */
export class SerialPasses {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  /** Runs `work` once every pass queued before it has finished. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const pass = this.queue.then(work);
    this.queue = pass.catch(() => undefined);
    return pass;
  }

  /** Calls `tick` now and then every `intervalMs`, handing its failures to `onError`. */
  start(tick: () => Promise<unknown>, intervalMs: number, onError: (error: unknown) => void): void {
    if (this.timer !== undefined) return;
    const run = (): void => {
      tick().catch(onError);
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
    run();
  }

  /** Stops the timer and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.queue;
  }
}
