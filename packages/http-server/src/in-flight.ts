import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

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

/** What to run when each connection closes: one listener per socket, however many requests it carries. */
const onSocketClose = new WeakMap<Socket, Set<() => void>>();

/**
 * Runs `fn` once, when the response is over: answered, failed, or its connection closed. A
 * response does not always say so itself: one queued behind another on a pipelined connection
 * never emits `close` when the connection dies, so the connection's own `close` counts too.
 */
export function whenClosed(res: ServerResponse, fn: () => void): void {
  const socket = res.req?.socket;
  if (res.closed || socket?.destroyed) {
    fn();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    onSocketClose.get(socket)?.delete(once);
    fn();
  };
  res.once('close', once);
  if (!socket) return;
  let pending = onSocketClose.get(socket);
  if (!pending) {
    const callbacks = new Set<() => void>();
    pending = callbacks;
    onSocketClose.set(socket, callbacks);
    socket.once('close', () => {
      onSocketClose.delete(socket);
      for (const callback of callbacks) callback();
    });
  }
  pending.add(once);
}

/** Frees a slot when the response is over: answered, failed, or the client went away. */
export function releaseWhenClosed(res: ServerResponse, release: () => void): void {
  whenClosed(res, release);
}

/**
 * Aborts when the client stops waiting for this answer: its connection closes before the
 * response has finished (already closed counts, so a late listener misses nothing).
 */
export function connectionGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  whenClosed(res, () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
