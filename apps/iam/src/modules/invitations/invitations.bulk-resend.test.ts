import {
  BULK_APPLY_MAX,
  type InvitationResendPlan,
  invitationResendPlanSchema,
  invitationResendResultSchema,
  jobSchema,
  routes,
} from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.ts';
import { expectProblem } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, basicAuth, OTHER_TENANT_CREDENTIALS } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { createJobRunner } from '../jobs/runner.ts';
import { INVITATION_RESEND_JOB_KIND, planResends } from './bulk-resend.ts';
import { invitationRepository } from './repository.ts';
import { invitationResendJobHandler } from './resend-job.ts';

/**
 * Resending many invitations (ADR 042): the dry run names who is mailed again and who is skipped
 * and why, the apply does exactly that through the single resend's core (one `invitation.resent`
 * event and one mail each), and more than BULK_APPLY_MAX run as a job with an outcome file.
 */
const logger = createLogger('silent', 'iam-test');
const PLAN = routes.planInvitationResend.path;
const APPLY = routes.resendInvitations.path;

describe.each(testDatabases)('bulk invitation resend on $name', (database) => {
  const suite = useTestIamAsOwner(database);
  let seq = 0;

  /** One invitation per state, only this tag matches; answers their ids by state. */
  async function invitations() {
    const tag = `rs${++seq}x`;
    const invite = async (name: string, extra: Record<string, unknown> = {}) => {
      const res = await suite.api.call('POST', routes.createInvitation.path, {
        token: suite.ownerToken,
        body: { email: `${name}.${tag}@example.com`, ...extra },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      return (res.json as { id: string }).id;
    };
    const ids = {
      pending: await invite('pending'),
      expired: await invite('expired'),
      owner: await invite('owner', { role: 'OWNER' }),
      accepted: await invite('accepted'),
      revoked: await invite('revoked'),
      justSent: await invite('justsent'),
      sentOften: await invite('sentoften'),
    };
    const db = suite.iam.db;
    // Sent two minutes ago (past the resend interval), except the one just sent.
    await db.query(
      `update invitations set last_sent_at = now() - interval '2 minutes', created_at = created_at - interval '2 minutes'
        where email like $1 and id <> $2`,
      [`%.${tag}@example.com`, ids.justSent],
    );
    await db.query(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [ids.expired]);
    await db.query(`update invitations set status = 'accepted', accepted_at = now() where id = $1`, [ids.accepted]);
    await db.query(`update invitations set status = 'revoked', revoked_at = now() where id = $1`, [ids.revoked]);
    await db.query('update invitations set send_count = 5 where id = $1', [ids.sentOften]);
    return { tag, ids };
  }
  const byTag = (tag: string) => ({ selection: { filter: { search: `.${tag}@` } } });
  const reasons = (plan: InvitationResendPlan) =>
    Object.fromEntries(plan.skippedReasons.map((r) => [r.reason, r.sample.map((s) => s.invitationId)]));

  it('when an OWNER resends a filter, then the dry run names who is mailed and who is skipped, and the apply does exactly that, audited and mailed', async () => {
    const { tag, ids } = await invitations();
    const dry = await suite.api.call('POST', PLAN, { token: suite.ownerToken, body: byTag(tag) });
    expect(dry.status, JSON.stringify(dry.json)).toBe(200);
    const plan = invitationResendPlanSchema.parse(dry.json);
    expect(plan).toMatchObject({ total: 7, resent: 3, skipped: 4 });
    expect(plan.sample.map((s) => s.invitationId).sort()).toEqual([ids.pending, ids.expired, ids.owner].sort());
    expect(plan.sample.find((s) => s.invitationId === ids.expired)?.detail).toMatch(/^expired, sent 1 time/);
    expect(reasons(plan)).toEqual({
      accepted: [ids.accepted],
      revoked: [ids.revoked],
      just_sent: [ids.justSent],
      send_limit: [ids.sentOften],
    });
    // The dry run changed nothing.
    const sends = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from mail_outbox where to_address like $1`,
      [`%.${tag}@example.com`],
    );
    expect(sends[0]?.n).toBe(7);

    const applied = await suite.api.call('POST', APPLY, { token: suite.ownerToken, body: byTag(tag) });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    const result = invitationResendResultSchema.parse(applied.json);
    const { resentIds, ...answer } = result;
    expect(answer).toEqual(plan);
    expect(resentIds.sort()).toEqual([ids.pending, ids.expired, ids.owner].sort());

    const rows = await suite.iam.db.query<{ id: string; send_count: number; live: boolean }>(
      `select id, send_count, expires_at > now() + interval '6 days' as live from invitations where id = any($1::uuid[])`,
      [resentIds],
    );
    expect(rows.every((r) => r.send_count === 2 && r.live)).toBe(true);
    const events = await suite.iam.db.query<{ target_id: string }>(
      `select target_id from audit_events where action = 'invitation.resent' and target_id = any($1::text[])`,
      [Object.values(ids)],
    );
    expect(events.map((e) => e.target_id).sort()).toEqual([...resentIds].sort());
    const mails = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from mail_outbox where to_address like $1`,
      [`%.${tag}@example.com`],
    );
    expect(mails[0]?.n).toBe(10);

    // Again at once: every one of them was just sent.
    const again = invitationResendPlanSchema.parse(
      (await suite.api.call('POST', PLAN, { token: suite.ownerToken, body: byTag(tag) })).json,
    );
    expect(again).toMatchObject({ resent: 0, skipped: 7 });
    expect(reasons(again).just_sent?.length).toBe(4);
  });

  it('when an ADMIN resends, then what they may not send is skipped as forbidden; past the hourly budget, as hourly_limit', async () => {
    const { tag, ids } = await invitations();
    const admin = await suite.api.createSignedIn({
      email: `admin.${tag}@example.com`,
      password: 'a long enough password',
      role: 'ADMIN',
    });
    const plan = invitationResendPlanSchema.parse(
      (
        await suite.api.call('POST', PLAN, {
          token: admin.token,
          body: { selection: { invitationIds: [ids.owner, ids.pending] } },
        })
      ).json,
    );
    expect(plan).toMatchObject({ total: 2, resent: 1 });
    expect(reasons(plan)).toEqual({ forbidden: [ids.owner] });
    expect(plan.skippedReasons[0]?.sample[0]?.detail).toMatch(/^You cannot resend this invitation/);

    // The budget is counted in order: with one send left, the second resendable one waits.
    const rows = await invitationRepository.findMany(
      suite.iam.db,
      suite.iam.tenantId,
      [ids.pending, ids.expired],
      false,
    );
    const planned = planResends(
      {
        tenantId: suite.iam.tenantId,
        tenantName: 'Test',
        requestId: 'r',
        source: 'api',
        actor: undefined,
        ip: undefined,
        userAgent: undefined,
      },
      rows,
      1,
    );
    expect(planned.map((p) => ('skip' in p ? p.skip : 'resend'))).toEqual(['resend', 'hourly_limit']);
  });

  it('when the input is bad, the caller a MEMBER, or the ids another tenant’s, then a problem names it and nothing is sent', async () => {
    const { tag, ids } = await invitations();
    const invitationMails = () =>
      suite.iam.db.query<{ n: number }>(`select count(*)::int as n from mail_outbox where kind = 'invitation'`);
    const before = await invitationMails();
    for (const body of [
      { selection: { invitationIds: [ids.pending], filter: { search: tag } } },
      { selection: {} },
      { selection: { invitationIds: [ids.pending, ids.pending] } },
      { selection: { filter: { status: 'lost' } } },
      { selection: { invitationIds: [ids.pending] }, dryRun: true },
    ]) {
      const problem = expectProblem(
        await suite.api.call('POST', APPLY, { token: suite.ownerToken, body }),
        400,
        'validation_failed',
      );
      expect(problem.errors?.[0]?.path, JSON.stringify(problem)).toMatch(/^body(\.selection)?/);
    }
    const missing = expectProblem(
      await suite.api.call('POST', APPLY, {
        token: suite.ownerToken,
        body: { selection: { invitationIds: [ids.pending, '00000000-0000-4000-8000-000000000000'] } },
      }),
      404,
      'not_found',
    );
    expect(missing.errors?.[0]?.path).toBe('body.selection.invitationIds.1');

    const member = await suite.api.createSignedIn({
      email: `member.${tag}@example.com`,
      password: 'a long enough password',
    });
    for (const path of [PLAN, APPLY]) {
      expectProblem(await suite.api.call('POST', path, { token: member.token, body: byTag(tag) }), 403, 'forbidden');
    }
    await addTenant(suite.iam.db, OTHER_TENANT_CREDENTIALS, {
      email: `owner.${tag}@other.example`,
      password: 'another owner password',
    });
    expectProblem(
      await suite.api.call('POST', APPLY, {
        credentials: OTHER_TENANT_CREDENTIALS,
        body: { selection: { invitationIds: [ids.pending] } },
      }),
      404,
      'not_found',
    );
    const foreign = invitationResendPlanSchema.parse(
      (await suite.api.call('POST', PLAN, { credentials: OTHER_TENANT_CREDENTIALS, body: byTag(tag) })).json,
    );
    expect(foreign).toMatchObject({ total: 0, resent: 0 });
    const after = await invitationMails();
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it('when more than one request resends match, then a job resends them in chunks with an outcome per invitation', async () => {
    const { tag, ids } = await invitations();
    // Enough accepted ones to pass the limit (skipped: cheap), and the seven above.
    await suite.iam.db.query(
      `insert into invitations (id, tenant_id, email, role, token_hash, status, expires_at, accepted_at, created_at)
       select gen_random_uuid(), $1, 'a' || n || '.' || $2 || '@example.com', 'MEMBER', sha256(($2 || n)::bytea),
              'accepted', now(), now(), now() - interval '1 hour'
         from generate_series(1, $3::int) n`,
      [suite.iam.tenantId, tag, BULK_APPLY_MAX],
    );
    const res = await suite.api.call('POST', APPLY, { token: suite.ownerToken, body: byTag(tag) });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const job = jobSchema.parse(res.json);
    expect(job).toMatchObject({ kind: 'invitation_resend', action: null, status: 'queued', total: BULK_APPLY_MAX + 7 });

    const runner = createJobRunner({
      db: suite.iam.db,
      logger,
      handlers: { [INVITATION_RESEND_JOB_KIND]: invitationResendJobHandler({ appUrl: 'http://localhost:5173' }) },
    });
    expect(await runner.runDue()).toBe(1);
    const done = jobSchema.parse(
      (await suite.api.call('GET', `/v2/client/jobs/${job.id}`, { token: suite.ownerToken })).json,
    );
    expect(done).toMatchObject({
      status: 'done',
      processed: BULK_APPLY_MAX + 7,
      changed: 3,
      skipped: BULK_APPLY_MAX + 4,
      failed: 0,
      undoable: false,
    });
    const file = await fetch(`${suite.iam.url}/v2/client/jobs/${job.id}/outcome`, {
      headers: { authorization: basicAuth(), 'x-actor-token': suite.ownerToken },
    });
    const lines = (await file.text()).split('\r\n');
    // (The BOM is taken off by text().)
    expect(lines[0]).toBe('"email","invitationId","outcome","reason"');
    expect(lines).toContain(
      `"pending.${tag}@example.com","${ids.pending}","changed","resent: pending, sent 1 time: mailed again with a new link"`,
    );
    expect(lines.find((l) => l.includes(ids.revoked))).toMatch(/"skipped","revoked: /);
    const started = await suite.iam.db.query<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'invitation.bulk_resend_started' and after->>'jobId' = $1`,
      [job.id],
    );
    expect(started[0]?.n).toBe(1);
  }, 120_000);
});
