import {
  auditEventPageSchema,
  routes,
  USER_IMPORT_CHANGES_PER_HOUR_MAX,
  USER_IMPORT_ROWS_MAX,
  type User,
  type UserImportEntry,
  type UserImportResult,
  userImportResultSchema,
  userSchema,
} from '@team-access/contract';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, basicAuth, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';

const IMPORT = '/v2/client/multi-user/import';
const PASSWORD = 'a long enough password';

/** A result without what only an applied create has (its id and version): what a dry run can promise. */
const promised = (result: UserImportResult) => result.items.map(({ user: _user, ...item }) => item);

describe.each(testDatabases)('members import (CSV rows) on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken } = suite));

  const tag = `imp${Math.random().toString(36).slice(2, 7)}`;
  const email = (name: string) => `${name}.${tag}@example.com`;
  let editors: { id: string; name: string };
  let billing: { id: string; name: string };
  let acme: { id: string; name: string; slug: string };
  let ana: User;
  let admin: { user: User; token: string };
  let member: { user: User; token: string };

  const send = (rows: UserImportEntry[], dryRun: boolean, token: string | undefined = ownerToken, key?: string) =>
    api.call('POST', IMPORT, {
      token,
      body: { dryRun, rows },
      headers: key ? { 'idempotency-key': key } : {},
    });
  const imported = async (rows: UserImportEntry[], dryRun: boolean, token?: string, key?: string) => {
    const res = await send(rows, dryRun, token, key);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return userImportResultSchema.parse(res.json);
  };
  const byEmail = async (address: string) => {
    const res = await api.call('GET', `/v2/client/multi-user?email=${encodeURIComponent(address)}`, {
      token: ownerToken,
    });
    return (res.json as { items: User[] }).items[0];
  };

  beforeAll(async () => {
    editors = await api.arrange('POST', '/v2/client/roles', { name: `Editors ${tag}`, permissions: ['journey'] });
    billing = await api.arrange('POST', '/v2/client/roles', { name: `Billing ${tag}`, permissions: ['billing'] });
    acme = await api.arrange('POST', '/v2/client/organizations', { name: `Acme ${tag}` });
    ana = await api.createUser({ email: email('ana'), firstName: 'Ana', lastName: 'Lima', role: 'MEMBER' });
    admin = await api.createSignedIn({
      email: email('admin'),
      password: PASSWORD,
      role: 'ADMIN',
      permissions: { journey: true },
    });
    member = await api.createSignedIn({ email: email('member'), password: PASSWORD });
  });

  it('when the owner imports a create, an update, an unchanged row and bad rows, then the dry run changes nothing and applying answers exactly as it did', async () => {
    const rows: UserImportEntry[] = [
      {
        cells: {
          email: email('new'),
          firstName: 'Nia',
          lastName: 'Okafor',
          phone: `'+44 20 7946 0000`,
          role: 'admin',
          status: '',
          roles: editors.name,
          organizations: `${acme.slug} (ORG_ADMIN)`,
          createdAt: 'ignored',
          'permission:journey': 'direct',
        },
      },
      {
        cells: { email: email('ana'), firstName: 'Ana Maria', lastName: '', roles: `${editors.name}; ${billing.name}` },
      },
      { cells: { email: email('member'), firstName: '', role: 'MEMBER' } },
      { cells: { email: email('bad'), role: 'KING', roles: 'No such role' } },
      { cells: { email: email('worse'), roles: 'No such role', password: 'secret' } },
      { cells: { email: 'not an email' } },
    ];

    const dry = await imported(rows, true);
    expect(dry.dryRun).toBe(true);
    expect(dry.items.map((i) => [i.outcome, i.fields])).toEqual([
      ['create', []],
      ['update', ['firstName', 'roles']],
      ['unchanged', []],
      ['error', []],
      ['error', []],
      ['error', []],
    ]);
    expect(dry.items[3]?.errors.map((e) => e.path)).toEqual(['role']);
    expect(dry.items[3]?.errors[0]?.message).toBe('Use OWNER, ADMIN or MEMBER');
    expect(dry.items[4]?.errors.map((e) => e.path)).toEqual(['password']);
    expect(dry.items[5]?.errors.map((e) => e.path)).toEqual(['email']);
    expect([dry.create, dry.update, dry.unchanged, dry.error]).toEqual([1, 1, 1, 3]);
    // Nothing changed: no new member, Ana as she was, no event.
    expect(await byEmail(email('new'))).toBeUndefined();
    expect((await byEmail(email('ana')))?.firstName).toBe('Ana');

    const applied = await imported(rows, false);
    expect(applied.dryRun).toBe(false);
    expect(promised(applied)).toEqual(promised(dry));

    const created = userSchema.parse(await byEmail(email('new')));
    expect(applied.items[0]?.user).toEqual({ id: created.id, version: created.version });
    expect(created).toMatchObject({
      firstName: 'Nia',
      lastName: 'Okafor',
      phone: '+44 20 7946 0000',
      role: 'ADMIN',
      status: 'active',
      groups: [editors.id],
      permissions: {},
    });
    const orgs = await api.call('GET', `/v2/client/multi-user/${created.id}/organizations`, { token: ownerToken });
    expect((orgs.json as { items: { organization: { id: string }; orgRole: string }[] }).items).toEqual([
      { organization: expect.objectContaining({ id: acme.id }), orgRole: 'ORG_ADMIN' },
    ]);
    const updated = userSchema.parse(await byEmail(email('ana')));
    expect(updated).toMatchObject({ firstName: 'Ana Maria', lastName: 'Lima' });
    expect([...updated.groups].sort()).toEqual([editors.id, billing.id].sort());
    expect(await byEmail(email('bad'))).toBeUndefined();

    // Each member's change is in the audit log, written by the owner's request.
    const events = auditEventPageSchema.parse(
      (await api.call('GET', `/v2/client/audit-events?limit=50`, { token: ownerToken })).json,
    ).items;
    const actions = events.map((e) => `${e.action} ${e.target.id} ${e.actor?.email}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `user.created ${created.id} owner@example.com`,
        `organization.member_added ${acme.id} owner@example.com`,
        `user.updated ${ana.id} owner@example.com`,
      ]),
    );
  });

  it('when an exported file is imported back, then every row is unchanged', async () => {
    const res = await fetch(`${iam.url}/v2/client/multi-user/export?search=${tag}`, {
      headers: { authorization: basicAuth(), 'x-actor-token': ownerToken },
    });
    const { data } = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(data.length).toBeGreaterThan(3);
    const result = await imported(
      data.map((cells) => ({ cells })),
      true,
    );
    expect(result.items.map((i) => `${i.email} ${i.outcome} ${i.code}`)).toEqual(
      data.map((row) => `${row.email} unchanged null`),
    );
  });

  it('when a member is edited between the dry run and the apply, then that row is refused and the edit is kept', async () => {
    const target = await api.createUser({ email: email('race'), firstName: 'Before' });
    const rows: UserImportEntry[] = [
      { cells: { email: target.email, firstName: 'From the file' } },
      { cells: { email: email('racenew'), firstName: 'New' } },
    ];
    const dry = await imported(rows, true);
    const expected = dry.items.map((item) => (item.user ? item.user.version : ('new' as const)));
    expect(expected).toEqual([(await byEmail(target.email))?.version, 'new']);
    // Another admin's single edit lands after the preview.
    const edit = await api.call('PATCH', `/v2/client/multi-user/${target.id}`, {
      token: ownerToken,
      body: { firstName: 'Edited' },
    });
    expect(edit.status).toBe(200);
    // And someone adds the "new" address meanwhile.
    await api.createUser({ email: email('racenew') });

    const applied = await imported(
      rows.map((row, i) => ({ ...row, expected: expected[i] })),
      false,
    );
    expect(applied.items.map((i) => [i.outcome, i.code])).toEqual([
      ['error', 'precondition_failed'],
      ['error', 'conflict'],
    ]);
    expect((await byEmail(target.email))?.firstName).toBe('Edited');
  });

  it('when rows race single edits at once, then each row sees a whole member and nothing is lost', async () => {
    const target = await api.createUser({ email: email('concurrent'), firstName: 'A' });
    const [importRes, patchRes] = await Promise.all([
      send([{ cells: { email: target.email, lastName: 'FromImport' } }], false),
      api.call('PATCH', `/v2/client/multi-user/${target.id}`, { token: ownerToken, body: { phone: '+1 555 0100' } }),
    ]);
    expect(importRes.status).toBe(200);
    expect(patchRes.status).toBe(200);
    const after = userSchema.parse(await byEmail(target.email));
    expect(after).toMatchObject({ lastName: 'FromImport', phone: '+1 555 0100', version: target.version + 2 });
  });

  it('when an ADMIN imports, then rows an ADMIN may not write are refused each on its own, naming the column', async () => {
    const owner = await byEmail('owner@example.com');
    const result = await imported(
      [
        { cells: { email: email('made-owner'), role: 'OWNER' } },
        { cells: { email: email('billed'), roles: billing.name } },
        { cells: { email: owner?.email ?? '', firstName: 'Renamed' } },
        { cells: { email: admin.user.email, status: 'inactive' } },
        { cells: { email: admin.user.email.toUpperCase(), role: 'OWNER' } },
        { cells: { email: email('fine'), roles: editors.name } },
      ],
      false,
      admin.token,
    );
    expect(result.items.map((i) => [i.outcome, i.code, i.errors.map((e) => e.path)])).toEqual([
      ['error', 'forbidden', ['role']],
      ['error', 'forbidden', ['roles']],
      ['error', 'forbidden', ['email']],
      ['error', 'forbidden', ['email']],
      ['error', 'duplicate', ['email']],
      ['create', null, []],
    ]);
    expect(await byEmail(email('made-owner'))).toBeUndefined();
    expect(await byEmail(email('billed'))).toBeUndefined();
    expect((await byEmail(admin.user.email))?.status).toBe('active');
    expect((await byEmail(email('fine')))?.groups).toEqual([editors.id]);
  });

  it('when an ADMIN raises themselves, then the row is refused', async () => {
    const result = await imported([{ cells: { email: admin.user.email, role: 'OWNER' } }], false, admin.token);
    expect(result.items[0]).toMatchObject({ outcome: 'error', code: 'forbidden' });
    expect((await byEmail(admin.user.email))?.role).toBe('ADMIN');
  });

  it('when a MEMBER imports, then 403 and nothing is looked at', async () => {
    const res = await send([{ cells: { email: email('by-member') } }], true, member.token);
    expectProblem(res, 403, 'forbidden');
    expect(JSON.stringify(res.json)).not.toContain(tag);
  });

  it('when another tenant imports the same address and names, then it creates its own member and knows none of these roles', async () => {
    await addTenant(iam.db, OTHER_TENANT_CREDENTIALS);
    const res = await api.call('POST', IMPORT, {
      credentials: OTHER_TENANT_CREDENTIALS,
      body: { rows: [{ cells: { email: ana.email } }, { cells: { email: email('other'), roles: editors.name } }] },
    });
    const result = userImportResultSchema.parse(res.json);
    expect(result.items.map((i) => [i.outcome, i.errors.map((e) => e.path)])).toEqual([
      ['create', []],
      ['error', ['roles']],
    ]);
    expect((await byEmail(ana.email))?.id).toBe(ana.id);
  });

  it('when a chunk is retried with its Idempotency-Key, then the first answer comes back and nothing is created twice', async () => {
    const rows = [{ cells: { email: email('once'), firstName: 'Once' } }];
    const first = await imported(rows, false, ownerToken, `key-${tag}`);
    const again = await imported(rows, false, ownerToken, `key-${tag}`);
    expect(again).toEqual(first);
    expect(first.items[0]?.outcome).toBe('create');
    const listed = await api.call('GET', `/v2/client/multi-user?search=once.${tag}`, { token: ownerToken });
    expect((listed.json as { items: User[] }).items).toHaveLength(1);
  });

  it('when a person has changed the hourly most by import, then rows past it are refused and then the whole request is, with Retry-After', async () => {
    const busy = await api.createSignedIn({ email: email('busy'), password: PASSWORD, role: 'ADMIN' });
    // All but one of the hour's changes already made (as the request events record them).
    await iam.db.query(
      `insert into audit_events (id, tenant_id, actor_user_id, action, target_type, after)
       values (gen_random_uuid(), $1, $2, 'user.list_imported', 'user', jsonb_build_object('rows', $3::int, 'changed', $3::int))`,
      [iam.tenantId, busy.user.id, USER_IMPORT_CHANGES_PER_HOUR_MAX - 1],
    );
    const result = await imported(
      [
        { cells: { email: email('budget1') } },
        { cells: { email: ana.email, firstName: 'Ana Maria' } },
        { cells: { email: email('budget2') } },
      ],
      false,
      busy.token,
    );
    expect(result.items.map((i) => [i.outcome, i.code])).toEqual([
      ['create', null],
      ['unchanged', null],
      ['error', 'rate_limited'],
    ]);
    const refused = await send([{ cells: { email: email('budget3') } }], true, busy.token);
    expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another person's budget is their own.
    expect((await imported([{ cells: { email: email('budget3') } }], true, admin.token)).items[0]?.outcome).toBe(
      'create',
    );
  });

  it('when the request is too large or malformed, then 400 naming the field', async () => {
    const many = Array.from({ length: USER_IMPORT_ROWS_MAX + 1 }, (_, i) => ({
      cells: { email: `m${i}@example.com` },
    }));
    const tooMany = expectProblem(await send(many, true), 400, 'validation_failed');
    expect(tooMany.errors?.map((e) => e.path)).toContain('body.rows');
    const unknown = expectProblem(
      await api.route(routes.importUsers, {
        token: ownerToken,
        body: { rows: [{ cells: { email: 'x@example.com' }, version: 3 }] } as never,
      }),
      400,
      'validation_failed',
    );
    expect(unknown.errors?.map((e) => e.path)).toContain('body.rows.0.version');
  });
});
