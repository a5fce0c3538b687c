import { auditEventPageSchema, type User, userExportColumns, userListSchema } from '@team-access/contract';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type IamClient } from '../../testing/client.ts';
import { testDatabases } from '../../testing/databases.ts';
import { addTenant, basicAuth, OTHER_TENANT_CREDENTIALS, type TestIam } from '../../testing/harness.ts';
import { useTestIamAsOwner } from '../../testing/suite.ts';
import { USER_EXPORT_BATCH } from './export.ts';

const USERS = '/v2/client/multi-user';
const PASSWORD = 'a long enough password';

/** The export as a spreadsheet reads it: header and rows of cells (papaparse, as the web's import reads CSV). */
function parse(text: string) {
  const { data, errors } = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: true });
  expect(errors).toEqual([]);
  const [header, ...rows] = data as [string[], ...string[][]];
  return { header, rows, cell: (row: string[], column: string) => row[header.indexOf(column)] };
}

describe.each(testDatabases)('users export (CSV) on $name', (database) => {
  let iam: TestIam;
  let api: IamClient;
  let ownerToken: string;
  useTestIamAsOwner(database, (suite) => ({ iam, api, ownerToken } = suite));

  const tag = `exp${Math.random().toString(36).slice(2, 7)}`;
  let sneaky: User;
  let ana: User;
  let member: { user: User; token: string };
  let roleName: string;

  const get = (query: string, token = ownerToken, auth = basicAuth()) =>
    fetch(`${iam.url}${USERS}/export${query}`, { headers: { authorization: auth, 'x-actor-token': token } });

  beforeAll(async () => {
    roleName = `Editors ${tag}`;
    const role = await api.arrange('POST', '/v2/client/roles', { name: roleName, permissions: ['journey', 'billing'] });
    const org = await api.arrange('POST', '/v2/client/organizations', { name: `Acme, "quoted" ${tag}` });
    ana = await api.createUser({
      email: `ana.${tag}@example.com`,
      firstName: 'Ana',
      lastName: 'Brien, "Jr"',
      role: 'ADMIN',
      permissions: { journey: true, export: true },
      groups: [(role as { id: string }).id],
    });
    await api.arrange('POST', `/v2/client/organizations/${(org as { id: string }).id}/members`, {
      userId: ana.id,
      orgRole: 'ORG_ADMIN',
    });
    sneaky = await api.createUser({
      email: `sneaky.${tag}@example.com`,
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: '+1',
      phone: '+44 20 7946 0000',
    });
    member = await api.createSignedIn({ email: `member.${tag}@example.com`, password: PASSWORD });
  });

  it('when the owner exports a filter, then the rows are exactly the users the list shows for it, in its order, with every column', async () => {
    const res = await get(`?search=${tag}&sort=-createdAt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="members-.+\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // UTF-8 with a byte-order mark, so Excel reads accents right; records end with CRLF.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const { header, rows, cell } = parse(text);
    const catalog = (await api.call('GET', '/v2/client/permissions')).json as { items: { key: string }[] };
    expect(header).toEqual([
      ...userExportColumns.slice(0, userExportColumns.indexOf('permissions')),
      ...catalog.items.map((p) => `permission:${p.key}`),
      'twoStep',
      'lastLoginAt',
      'createdAt',
    ]);
    const listed = userListSchema.parse(
      (await api.call('GET', `${USERS}?search=${tag}&sort=-createdAt&limit=100`, { token: ownerToken })).json,
    );
    expect(rows.map((r) => cell(r, 'email'))).toEqual(listed.items.map((u) => u.email));

    const anaRow = rows.find((r) => cell(r, 'email') === ana.email) as string[];
    expect(cell(anaRow, 'lastName')).toBe('Brien, "Jr"');
    expect(cell(anaRow, 'role')).toBe('ADMIN');
    expect(cell(anaRow, 'roles')).toBe(roleName);
    expect(cell(anaRow, 'organizations')).toBe(`Acme, "quoted" ${tag} (ORG_ADMIN)`);
    // Where each grant comes from: direct, a role, both, or not granted.
    expect(cell(anaRow, 'permission:journey')).toBe(`direct; ${roleName}`);
    expect(cell(anaRow, 'permission:billing')).toBe(roleName);
    expect(cell(anaRow, 'permission:export')).toBe('direct');
    expect(cell(anaRow, 'permission:payments')).toBe('');
    expect(cell(anaRow, 'twoStep')).toBe('false');
    expect(cell(anaRow, 'createdAt')).toBe(ana.createdAt);
    const memberRow = rows.find((r) => cell(r, 'email') === member.user.email) as string[];
    expect(cell(memberRow, 'lastLoginAt')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('when a cell would run as a formula in a spreadsheet, then it is neutralised with an apostrophe', async () => {
    const { rows, cell } = parse(await (await get(`?email=${encodeURIComponent(sneaky.email)}`)).text());
    expect(rows).toHaveLength(1);
    const row = rows[0] as string[];
    expect(cell(row, 'firstName')).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(cell(row, 'lastName')).toBe(`'+1`);
    expect(cell(row, 'phone')).toBe(`'+44 20 7946 0000`);
    for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('when columns are picked, then the file has exactly those, in the standard order', async () => {
    const { header, rows } = parse(await (await get(`?search=${tag}&columns=status,email`)).text());
    expect(header).toEqual(['email', 'status']);
    expect(rows).toHaveLength(3);
  });

  it('when an export runs, then the audit log records who exported how many with which filters', async () => {
    await (await get(`?search=${tag}&role=ADMIN&columns=email`)).text();
    const events = auditEventPageSchema.parse(
      (await api.call('GET', '/v2/client/audit-events?action=user.list_exported&limit=200', { token: ownerToken }))
        .json,
    ).items;
    expect(events[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'rows', before: null, after: 1 },
        { field: 'columns', before: null, after: ['email'] },
        { field: 'filters', before: null, after: { search: tag, role: 'ADMIN' } },
      ]),
    );
  });

  it('when more users match than one batch holds, then every one of them is written once', async () => {
    const many = `bulk${tag}`;
    const extra = USER_EXPORT_BATCH + 7;
    await iam.db.query(
      `insert into users (id, tenant_id, email)
       select gen_random_uuid(), $1, 'u' || n || '.${many}@example.com'
         from generate_series(1, ${extra}) as n`,
      [iam.tenantId],
    );
    const { rows, cell } = parse(await (await get(`?search=${many}&columns=email`)).text());
    expect(rows).toHaveLength(extra);
    expect(new Set(rows.map((r) => cell(r, 'email'))).size).toBe(extra);
  });

  it('when a MEMBER exports, then 403 and nothing is written; another tenant sees none of these users', async () => {
    const res = await get('', member.token);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(tag);
    await addTenant(iam.db, OTHER_TENANT_CREDENTIALS);
    const other = await fetch(`${iam.url}${USERS}/export?search=${tag}`, {
      headers: { authorization: basicAuth(OTHER_TENANT_CREDENTIALS) },
    });
    expect(other.status).toBe(200);
    expect(parse(await other.text()).rows).toEqual([]);
  });

  it('when a column or filter is unknown, then 400 naming it', async () => {
    const problem = expectProblem(
      await api.call('GET', `${USERS}/export?columns=email,password`, { token: ownerToken }),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((e) => e.path)).toContain('query.columns');
    expect(problem.errors?.[0]?.message).toContain('not password');
    const bad = expectProblem(
      await api.call('GET', `${USERS}/export?role=KING`, { token: ownerToken }),
      400,
      'validation_failed',
    );
    expect(bad.errors?.map((e) => e.path)).toContain('query.role');
  });
});
