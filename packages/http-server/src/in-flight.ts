import type { ServerResponse } from 'node:http';

/** A counted key and how many requests may hold it at once. */
export type Slot = readonly [key: string, limit: number];

/**
 * Requests in flight, counted per key (all of them, one client address, one session). A request
 * past any of its limits is refused at once rather than queued: queued work is what lets one
 * client hold every socket and every byte of memory.
 */
export class InFlight {
  private readonly counts = new Map<string, number>();

  /** One slot under each key, all or none; undefined when any key is at its limit. */
  tryAcquire(slots: readonly Slot[]): (() => void) | undefined {
    for (const [key, limit] of slots) if ((this.counts.get(key) ?? 0) >= limit) return undefined;
    for (const [key] of slots) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const [key] of slots) {
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left > 0) this.counts.set(key, left);
        else this.counts.delete(key);
      }
    };
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}

/** Frees a slot when the response is over: answered, failed, or the client went away. */
export function releaseWhenClosed(res: ServerResponse, release: () => void): void {
  if (res.closed) release();
  else res.once('close', release);
}
