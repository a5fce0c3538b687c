import type { Db, Queryable } from '../db/client.ts';

/**
 * The database the IAM API uses, with a pause before (or after) the next transaction, so a test
 * can close the caller's connection at an exact point of a sign-in.
 */
export function pausingDb(db: Db) {
  let pause: { when: 'before' | 'after'; reached: () => void; resume: Promise<void> } | undefined;
  let last: Promise<unknown> = Promise.resolve();
  const wrapped: Db = Object.create(db);
  wrapped.transaction = <T>(fn: (tx: Queryable) => Promise<T>) => {
    const current = pause;
    pause = undefined;
    const run = (async () => {
      if (current?.when === 'before') {
        current.reached();
        await current.resume;
      }
      const result = await db.transaction(fn);
      if (current?.when === 'after') {
        current.reached();
        await current.resume;
      }
      return result;
    })();
    last = run.catch(() => undefined);
    return run;
  };
  return {
    db: wrapped,
    /** The next transaction stops `when`; resolves `reached` there and waits for `resume`. */
    pauseNext(when: 'before' | 'after') {
      let resume!: () => void;
      const resumed = new Promise<void>((r) => {
        resume = r;
      });
      const reached = new Promise<void>((r) => {
        pause = { when, reached: r, resume: resumed };
      });
      return { reached, resume };
    },
    /** The most recent transaction, settled. */
    settled: () => last,
  };
}
