import { randomUUID } from 'node:crypto';
import { type BulkAction, type Job, jobSchema, routes } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { jobRepository } from '../jobs/repository.ts';
import { createJobRunner } from '../jobs/runner.ts';
import { bulkJobHandler } from './job.ts';
import { BULK_JOB_KIND, type BulkJobPayload } from './job-payload.ts';

/**
 * Undo of a bulk job (ADR 042): the members it changed, each with their own reverse action, as a
 * new job on the one runner, once, only for a job that finished. A job here is queued directly
 * with a handful of members (the route that makes one needs more than 1,000): the undo does not
 * depend on how the job was started, and a chunk of two runs several chunks and reverse actions.
 */
const logger = createLogger('silent', 'iam-test');
const undoPath = (id: string) => routes.undoJob.path.replace('{jobId}', id);

describe.each(testDatabases)('bulk job undo on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  const runner = () =>
    createJobRunner({
      db: suite.iam.db,
      logger,
      handlers: { [BULK_JOB_KIND]: bulkJobHandler({ appUrl: 'http://localhost:5173', chunk: 2 }) },
    });
  let seq = 0;

  /** Members with these access levels, only this test's tag matches; answers their ids in order. */
  async function members(levels: string[]): Promise<{ tag: string; ids: string[] }> {
    const tag = `undo${++seq}x`;
    const ids = levels.map(() => randomUUID());
    await suite.iam.db.query(
      `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions)
       select t.id, $1, 'm' || t.n || '.' || $4 || '@example.com', 'Undo', 'Member ' || t.n, t.role, 'active', '{}'::jsonb
         from unnest($2::uuid[], $3::text[]) with ordinality as t(id, role, n)`,
      [suite.iam.tenantId, ids, levels, tag],
    );
    return { tag, ids };
  }
  const levels = async (ids: string[]) => {
    const rows = await suite.iam.db.query<{ id: string; role: string }>(
      'select id, role from users where id = any($1::uuid[])',
      [ids],
    );
    return ids.map((id) => rows.find((r) => r.id === id)?.role);
  };

  /** A bulk job of the OWNER over these members, as the apply route queues one, run to its end. */
  async function ranJob(ids: string[], action: BulkAction): Promise<Job> {
    const id = randomUUID();
    const payload: BulkJobPayload = {
      action,
      actorUserId: suite.owner.id,
      sessionId: null,
      requestId: randomUUID(),
      ip: null,
      userAgent: null,
      source: 'api',
      tenantName: 'Test',
    };
    const rows = await suite.iam.db.query<{ id: string; email: string }>(
      'select id, email from users where id = any($1::uuid[]) order by id',
      [ids],
    );
    await suite.iam.db.transaction((tx) =>
      jobRepository.insert(
        tx,
        { id, tenantId: suite.iam.tenantId, kind: BULK_JOB_KIND, payload, createdBy: suite.owner.id },
        rows,
      ),
    );
    await runner().runDue();
    return job(id);
  }
  async function job(id: string): Promise<Job> {
    const res = await suite.api.call('GET', `/v2/client/jobs/${id}`, { token: suite.ownerToken });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return jobSchema.parse(res.json);
  }

  it('when a finished job is undone, then each member it changed gets back what they had, audited, once', async () => {
    const { ids } = await members(['ADMIN', 'ADMIN', 'MEMBER', 'OWNER', 'ADMIN']);
    const done = await ranJob(ids, { type: 'setAccessLevel', role: 'MEMBER' });
    expect(done).toMatchObject({ status: 'done', changed: 4, skipped: 1, undoable: true, undoOf: null });
    expect(await levels(ids)).toEqual(['MEMBER', 'MEMBER', 'MEMBER', 'MEMBER', 'MEMBER']);

    const res = await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const undo = jobSchema.parse(res.json);
    expect(res.headers.get('location')).toBe(`/v2/client/jobs/${undo.id}`);
    // Exactly the members it changed (not the one that was a MEMBER already).
    expect(undo).toMatchObject({ status: 'queued', total: 4, undoOf: done.id, undoable: false });
    expect(await job(done.id)).toMatchObject({ undoneBy: undo.id, undoable: false });

    expect(await runner().runDue()).toBe(1);
    expect(await job(undo.id)).toMatchObject({ status: 'done', changed: 4, skipped: 0, failed: 0, undoable: false });
    expect(await levels(ids)).toEqual(['ADMIN', 'ADMIN', 'MEMBER', 'OWNER', 'ADMIN']);
    const [started] = await suite.iam.db.query<{ request_id: string; after: { total: number; undoOf: string } }>(
      `select request_id, after from audit_events where action = 'user.bulk_job_started' and after->>'jobId' = $1`,
      [undo.id],
    );
    expect(started?.after).toMatchObject({ total: 4, undoOf: done.id });
    const events = await suite.iam.db.query<{ target_id: string }>(
      `select target_id from audit_events where request_id = $1 and action = 'user.updated' order by target_id`,
      [started?.request_id],
    );
    expect(events.map((e) => e.target_id)).toEqual([ids[0], ids[1], ids[3], ids[4]].sort());

    // Once: a second undo, and an undo of the undo, are refused and start nothing.
    expectProblem(
      await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
    expectProblem(
      await suite.api.call('POST', undoPath(undo.id), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
    expect(await runner().runDue()).toBe(0);
  });

  it('when a member changed since the job, then the undo re-plans them from where they are now', async () => {
    const { ids } = await members(['MEMBER', 'MEMBER']);
    const done = await ranJob(ids, { type: 'deactivate' });
    expect(done).toMatchObject({ changed: 2, undoable: true });
    // Someone activates the first member again by hand before the undo runs.
    await suite.iam.db.query(`update users set status = 'active' where id = $1`, [ids[0]]);
    const undo = jobSchema.parse((await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken })).json);
    await runner().runDue();
    expect(await job(undo.id)).toMatchObject({ status: 'done', changed: 1, skipped: 1 });
    const statuses = await suite.iam.db.query<{ status: string }>(
      'select status from users where id = any($1::uuid[])',
      [ids],
    );
    expect(statuses.map((s) => s.status)).toEqual(['active', 'active']);
  });

  it('when an undo was cancelled, then the job can be undone again; an undo itself never is, even once its job is gone', async () => {
    const { ids } = await members(['ADMIN', 'ADMIN', 'ADMIN']);
    const done = await ranJob(ids, { type: 'setAccessLevel', role: 'MEMBER' });
    const first = await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken });
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    const firstUndo = jobSchema.parse(first.json);
    // Cancelled before it ran: the original is not undone, and says it can be again.
    await suite.iam.db.query(`update jobs set status = 'cancelled', finished_at = now() where id = $1`, [firstUndo.id]);
    expect(await job(done.id)).toMatchObject({ undoable: true });
    const second = await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken });
    expect(second.status, JSON.stringify(second.json)).toBe(202);
    const secondUndo = jobSchema.parse(second.json);
    await runner().runDue();
    expect(await levels(ids)).toEqual(['ADMIN', 'ADMIN', 'ADMIN']);
    expect(await job(done.id)).toMatchObject({ undoable: false, undoneBy: secondUndo.id });
    // The cancelled undo still names what it undid, and neither undo can be undone.
    expect(await job(firstUndo.id)).toMatchObject({ undoOf: done.id, undoable: false });
    for (const undo of [firstUndo.id, secondUndo.id]) {
      expectProblem(await suite.api.call('POST', undoPath(undo), { token: suite.ownerToken }), 409, 'job_not_undoable');
    }
    // Retention deletes the original first: its undo is still an undo, not a change to make again.
    await suite.iam.db.query('delete from jobs where id = $1', [done.id]);
    expect(await job(secondUndo.id)).toMatchObject({ undoOf: done.id, undoable: false });
    expectProblem(
      await suite.api.call('POST', undoPath(secondUndo.id), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
    expect(await levels(ids)).toEqual(['ADMIN', 'ADMIN', 'ADMIN']);
  });

  it('when the job resent invitations, then it cannot be undone (mail sent stays sent), and nothing starts', async () => {
    const [resend] = await suite.iam.db.query<{ id: string }>(
      `insert into jobs (id, tenant_id, kind, payload, total, status, changed, finished_at)
       values (gen_random_uuid(), $1, 'invitation_resend', '{}', 1, 'done', 1, now()) returning id`,
      [suite.iam.tenantId],
    );
    const resendId = resend?.id as string;
    expectProblem(
      await suite.api.call('POST', undoPath(resendId), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
    expect(await runner().runDue()).toBe(0);
    await suite.iam.db.query('delete from jobs where id = $1', [resendId]);
  });

  it('when a finished job kept nothing to undo (it ran before undo existed), then it does not offer Undo', async () => {
    const { ids } = await members(['ADMIN']);
    const done = await ranJob(ids, { type: 'setAccessLevel', role: 'MEMBER' });
    expect(done).toMatchObject({ changed: 1, undoable: true });
    await suite.iam.db.query('update job_items set undo = null where job_id = $1', [done.id]);
    expect(await job(done.id)).toMatchObject({ changed: 1, undoable: false });
    expectProblem(
      await suite.api.call('POST', undoPath(done.id), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
  });

  it('when the job is not finished, deleted members, or someone else asks, then the undo is refused and nothing starts', async () => {
    const { tag, ids } = await members(['MEMBER', 'MEMBER']);
    const deleted = await ranJob([ids[0] as string], { type: 'delete' });
    expect(deleted).toMatchObject({ status: 'done', changed: 1, undoable: false });
    expectProblem(
      await suite.api.call('POST', undoPath(deleted.id), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );

    const [queued] = await suite.iam.db.query<{ id: string }>(
      `insert into jobs (id, tenant_id, kind, payload, total)
       values (gen_random_uuid(), $1, 'bulk_change', '{"action":{"type":"activate"}}', 0) returning id`,
      [suite.iam.tenantId],
    );
    const queuedId = queued?.id as string;
    expect(await job(queuedId)).toMatchObject({ status: 'queued', undoable: false });
    expectProblem(
      await suite.api.call('POST', undoPath(queuedId), { token: suite.ownerToken }),
      409,
      'job_not_undoable',
    );
    await suite.iam.db.query('delete from jobs where id = $1', [queuedId]);

    const done = await ranJob([ids[1] as string], { type: 'deactivate' });
    const member = await suite.api.createSignedIn({
      email: `member.${tag}@example.com`,
      password: 'a long enough password',
    });
    expectProblem(await suite.api.call('POST', undoPath(done.id), { token: member.token }), 403, 'forbidden');
    await addTenant(suite.iam.db, OTHER_TENANT_CREDENTIALS, {
      email: `owner.${tag}@jobs.example`,
      password: 'another owner password',
    });
    expectProblem(
      await suite.api.call('POST', undoPath(done.id), { credentials: OTHER_TENANT_CREDENTIALS }),
      404,
      'not_found',
    );
    const bad = expectProblem(
      await suite.api.call('POST', undoPath('not-a-job'), { token: suite.ownerToken }),
      400,
      'validation_failed',
    );
    expect(bad.errors?.[0]?.path).toBe('params.jobId');
    // Still undoable by its tenant's OWNER: none of that started anything.
    expect(await job(done.id)).toMatchObject({ undoable: true, undoneBy: null });
    expect(await runner().runDue()).toBe(0);
  });
});
