interface Waiter {
  grant(): void;
}

/**
 * At most `concurrency` holders at once and at most `maxQueue` waiting; a waiter gives up after
 * its own deadline or when its signal aborts. What cannot be served in time is refused early
 * (the caller answers 503 with Retry-After) instead of timing out late.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueue: number,
  ) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** A release function once a slot is free within `maxWaitMs`; undefined when refused. */
  enter(maxWaitMs: number, signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    if (this.active < this.concurrency && this.waiting.length === 0) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueue) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const giveUp = () => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        cleanup();
        resolve(undefined);
      };
      const timer = setTimeout(giveUp, maxWaitMs);
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          this.active += 1;
          resolve(this.releaser());
        },
      };
      signal?.addEventListener('abort', giveUp, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.grant();
    };
  }
}
