import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { jobRepository } from './repository.ts';
import { createJobRunner } from './runner.ts';

/**
 * Finished jobs are deleted with their outcome files after `JOB_RETENTION_DAYS` by the runner's
 * sweep; queued and running jobs, and jobs that ended more recently, are kept.
 */
const logger = createLogger('silent', 'iam-test');

describe.each(testDatabases)('job retention on $name', (database) => {
  const suite = useTestIamAsOwner(database);

  /** A job of this status that ended (or, unfinished, was created) `daysAgo` days ago, with two items. */
  async function jobOf(status: string, daysAgo: number): Promise<string> {
    const id = randomUUID();
    await suite.iam.db.transaction(async (tx) => {
      await jobRepository.insert(
        tx,
        {
          id,
          tenantId: suite.iam.tenantId,
          kind: 'bulk_change',
          payload: { action: { type: 'activate' } },
          createdBy: null,
        },
        [
          { id: randomUUID(), email: `a.${id}@example.com` },
          { id: randomUUID(), email: `b.${id}@example.com` },
        ],
      );
      const finished = ['done', 'cancelled', 'failed'].includes(status);
      await tx.query(
        `update jobs set status = $2,
                created_at = now() - make_interval(days => $3::int) - interval '1 hour',
                finished_at = case when $4::boolean then now() - make_interval(days => $3::int) end
          where id = $1`,
        [id, status, daysAgo, finished],
      );
    });
    return id;
  }

  it('when the sweep runs, then jobs that ended more than the retention ago go with their items, and the rest stay', async () => {
    const old = {
      done: await jobOf('done', 31),
      cancelled: await jobOf('cancelled', 31),
      failed: await jobOf('failed', 45),
    };
    const kept = {
      recent: await jobOf('done', 29),
      queued: await jobOf('queued', 90),
      running: await jobOf('running', 90),
    };
    const runner = createJobRunner({ db: suite.iam.db, logger, handlers: {}, retentionDays: 30 });
    expect(await runner.sweep()).toBe(3);

    const left = await suite.iam.db.query<{ id: string }>('select id from jobs');
    expect(left.map((r) => r.id).sort()).toEqual(Object.values(kept).sort());
    const items = await suite.iam.db.query<{ job_id: string }>('select distinct job_id from job_items');
    expect(items.map((r) => r.job_id).sort()).toEqual(Object.values(kept).sort());
    // A deleted job is no longer there to read.
    for (const id of Object.values(old)) {
      expectProblem(
        await suite.api.call('GET', `/v2/client/jobs/${id}`, { token: suite.ownerToken }),
        404,
        'not_found',
      );
    }
    const recent = await suite.api.call('GET', `/v2/client/jobs/${kept.recent}`, { token: suite.ownerToken });
    expect(recent.status).toBe(200);

    // Unset retention keeps everything; a second sweep finds nothing more.
    expect(await createJobRunner({ db: suite.iam.db, logger, handlers: {} }).sweep()).toBe(0);
    expect(await runner.sweep()).toBe(0);
    await suite.iam.db.query('delete from jobs where id = any($1::uuid[])', [Object.values(kept)]);
  });

  it('when the runner starts with a retention, then it sweeps at once', async () => {
    const old = await jobOf('done', 8);
    const runner = createJobRunner({ db: suite.iam.db, logger, handlers: {}, retentionDays: 7, pollMs: 60_000 });
    runner.start();
    await expect
      .poll(async () => (await suite.iam.db.query('select id from jobs where id = $1', [old])).length)
      .toBe(0);
    await runner.stop();
  });
});
