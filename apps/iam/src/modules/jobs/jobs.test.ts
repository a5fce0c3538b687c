import { BULK_APPLY_MAX, type Job, jobSchema, routes } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, basicAuth, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { bulkJobHandler } from '../bulk/job.ts';
import { BULK_JOB_KIND } from '../bulk/job-payload.ts';
import { createJobRunner, type JobHandler } from './runner.ts';

/**
 * Bulk changes beyond one request run as a job (ADR 035): chunks, progress, Cancel between chunks,
 * an outcome per member, a restart that goes on where the job stopped, and no chunk run twice.
 */
const MEMBERS = BULK_APPLY_MAX + 10;
// Each test runs a thousand members through the single edits' cores: minutes on a loaded machine (PGlite).
const logger = createLogger('silent', 'iam-test');
const handler = bulkJobHandler({ appUrl: 'http://localhost:5173' });

describe.each(testDatabases)('bulk jobs on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;

  /** MEMBERS members only this tag matches, every 100th inactive already; answers the tag. */
  async function crowd(): Promise<string> {
    const tag = `crowd${++seq}x`;
    await suite.iam.db.query(
      `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions)
       select gen_random_uuid(), $1, 'm' || lpad(n::text, 5, '0') || '.' || $3 || '@example.com', 'Crowd', 'Member ' || n,
              'MEMBER', case when n % 100 = 0 then 'inactive' else 'active' end, '{}'::jsonb
         from generate_series(1, $2::int) n`,
      [suite.iam.tenantId, MEMBERS, tag],
    );
    return tag;
  }

  const runner = (handlers: Record<string, JobHandler> = { [BULK_JOB_KIND]: handler }) =>
    createJobRunner({ db: suite.iam.db, logger, handlers, leaseSeconds: 60 });

  async function start(tag: string, token = suite.ownerToken): Promise<Job> {
    const res = await suite.api.call('POST', routes.applyBulkChange.path, {
      token,
      body: { selection: { filter: { search: `.${tag}@` } }, action: { type: 'deactivate' } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.headers.get('location')).toBe(`/v2/client/jobs/${(res.json as Job).id}`);
    return jobSchema.parse(res.json);
  }
  async function job(id: string): Promise<Job> {
    const res = await suite.api.call('GET', `/v2/client/jobs/${id}`, { token: suite.ownerToken });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return jobSchema.parse(res.json);
  }
  async function outcome(id: string): Promise<string[]> {
    const res = await fetch(`${suite.iam.url}/v2/client/jobs/${id}/outcome`, {
      headers: { authorization: basicAuth(), 'x-actor-token': suite.ownerToken },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    // UTF-8 with a byte-order mark (Excel), RFC 4180 records ended by CRLF.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('"email","userId","outcome","reason"\r\n')).toBe(true);
    return text.split('\r\n').slice(1, -1);
  }
  const memberEvents = async (requestId: string) =>
    (
      await suite.iam.db.query<{ n: number; distinct_targets: number }>(
        `select count(*)::int as n, count(distinct target_id)::int as distinct_targets from audit_events
          where request_id = $1 and action = 'user.updated'`,
        [requestId],
      )
    )[0];

  it('when more members than one request match, then a job applies what the dry run said, in chunks, each audited, with an outcome per member', async () => {
    const tag = await crowd();
    const plan = await suite.api.call('POST', routes.planBulkChange.path, {
      token: suite.ownerToken,
      body: { selection: { filter: { search: `.${tag}@` } }, action: { type: 'deactivate' } },
    });
    expect(plan.json).toMatchObject({ total: MEMBERS, changed: MEMBERS - 10, skipped: 10 });
    const started = await start(tag);
    expect(started).toMatchObject({ status: 'queued', total: MEMBERS, processed: 0, action: { type: 'deactivate' } });

    expect(await runner().runDue()).toBe(1);
    const done = await job(started.id);
    expect(done).toMatchObject({
      status: 'done',
      total: MEMBERS,
      processed: MEMBERS,
      changed: MEMBERS - 10,
      skipped: 10,
      failed: 0,
    });
    const inactive = await suite.iam.db.query(`select id from users where email like $1 and status = 'inactive'`, [
      `%.${tag}@example.com`,
    ]);
    expect(inactive).toHaveLength(MEMBERS);
    const [{ request_id: requestId }] = (await suite.iam.db.query(
      `select request_id from audit_events where action = 'user.bulk_job_started' and after->>'jobId' = $1`,
      [started.id],
    )) as [{ request_id: string }];
    expect(await memberEvents(requestId)).toEqual({ n: MEMBERS - 10, distinct_targets: MEMBERS - 10 });

    const rows = await outcome(started.id);
    expect(rows).toHaveLength(MEMBERS);
    expect(rows.filter((r) => r.includes('"changed","active → inactive"'))).toHaveLength(MEMBERS - 10);
    expect(rows.find((r) => r.startsWith(`"m00100.${tag}@example.com"`))).toMatch(
      /"skipped","unchanged: Already inactive"$/,
    );
  }, 360_000);

  it('when Cancel lands between chunks, then the job stops there: chunks done stay done, the rest are not run', async () => {
    const tag = await crowd();
    const started = await start(tag);
    let chunks = 0;
    const cancelling: JobHandler = {
      async chunk(tx, row) {
        const next = await handler.chunk(tx, row);
        chunks += 1;
        // The admin presses Cancel while the first chunk runs: it is read before the second.
        if (chunks === 1) await tx.query('update jobs set cancel_requested = true where id = $1', [row.id]);
        return next;
      },
      chunkFailed: handler.chunkFailed,
    };
    await runner({ [BULK_JOB_KIND]: cancelling }).runDue();
    const stopped = await job(started.id);
    expect(chunks).toBe(1);
    expect(stopped).toMatchObject({ status: 'cancelled', cancelRequested: true, processed: 250 });
    const rows = await outcome(started.id);
    expect(rows.filter((r) => r.includes('"not_run"'))).toHaveLength(MEMBERS - 250);

    // Cancel through the API: a queued job stops at once; a finished one is answered as it is.
    const other = await start(await crowd());
    const res = await suite.api.call('POST', `/v2/client/jobs/${other.id}/cancel`, { token: suite.ownerToken });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(jobSchema.parse(res.json)).toMatchObject({ status: 'cancelled', processed: 0 });
    expect(await runner().runDue()).toBe(0);
    const again = await suite.api.call('POST', `/v2/client/jobs/${started.id}/cancel`, { token: suite.ownerToken });
    expect(jobSchema.parse(again.json).status).toBe('cancelled');
  }, 360_000);

  it('when the instance running a job stops mid-way, then another goes on after the lease and no member is changed twice', async () => {
    const tag = await crowd();
    const started = await start(tag);
    let chunks = 0;
    const crashing: JobHandler = {
      async chunk(tx, row) {
        if (chunks++ === 2) throw new Error('the instance went away');
        return handler.chunk(tx, row);
      },
      chunkFailed: handler.chunkFailed,
    };
    const first = runner({ [BULK_JOB_KIND]: crashing });
    await expect(first.runDue()).rejects.toThrow('the instance went away');
    expect(await job(started.id)).toMatchObject({ status: 'running', processed: 500 });
    // Within the lease nobody else takes it.
    expect(await runner().runDue()).toBe(0);
    // The lease runs out (as after a restart): another instance claims it and goes on from item 501.
    await suite.iam.db.query(`update jobs set lease_until = now() - interval '1 second' where id = $1`, [started.id]);
    const second = runner();
    expect(await second.runDue()).toBe(1);
    expect(await job(started.id)).toMatchObject({ status: 'done', processed: MEMBERS, changed: MEMBERS - 10 });
    const claims = await suite.iam.db.query<{ attempts: number; claimed_by: string }>(
      'select attempts, claimed_by from jobs where id = $1',
      [started.id],
    );
    expect(claims).toEqual([{ attempts: 2, claimed_by: second.instance }]);
    const [{ request_id: requestId }] = (await suite.iam.db.query(
      `select request_id from audit_events where action = 'user.bulk_job_started' and after->>'jobId' = $1`,
      [started.id],
    )) as [{ request_id: string }];
    expect(await memberEvents(requestId)).toEqual({ n: MEMBERS - 10, distinct_targets: MEMBERS - 10 });
  }, 360_000);

  // PGlite runs one transaction at a time: two instances interleave on PostgreSQL only.
  it.runIf(database.name === 'postgres')(
    'when two instances run due jobs at once, then each chunk runs once',
    async () => {
      const tag = await crowd();
      const started = await start(tag);
      const [a, b] = [runner(), runner()];
      const claimed = await Promise.all([a.runDue(), b.runDue()]);
      expect(claimed.sort()).toEqual([0, 1]);
      expect(await job(started.id)).toMatchObject({ status: 'done', processed: MEMBERS, changed: MEMBERS - 10 });
      const items = await suite.iam.db.query<{ n: number }>(
        'select count(*)::int as n from job_items where job_id = $1 and outcome is not null',
        [started.id],
      );
      expect(items[0]?.n).toBe(MEMBERS);
    },
    120_000,
  );

  it('when another tenant or a MEMBER asks for a job, then 404 and 403', async () => {
    const tag = await crowd();
    const started = await start(tag);
    await suite.api.call('POST', `/v2/client/jobs/${started.id}/cancel`, { token: suite.ownerToken });
    await addTenant(suite.iam.db, OTHER_TENANT_CREDENTIALS, {
      email: 'owner@jobs.example',
      password: 'another owner password',
    });
    for (const path of [`/v2/client/jobs/${started.id}`, `/v2/client/jobs/${started.id}/outcome`]) {
      expectProblem(await suite.api.call('GET', path, { credentials: OTHER_TENANT_CREDENTIALS }), 404, 'not_found');
    }
    const member = await suite.api.createSignedIn({
      email: `member.${tag}@example.com`,
      password: 'a long enough password',
    });
    expectProblem(
      await suite.api.call('GET', `/v2/client/jobs/${started.id}`, { token: member.token }),
      403,
      'forbidden',
    );
    expectProblem(
      await suite.api.call('POST', `/v2/client/jobs/${started.id}/cancel`, { token: member.token }),
      403,
      'forbidden',
    );
  }, 360_000);
});
