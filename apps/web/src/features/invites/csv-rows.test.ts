import type { User } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { testSession } from '@/test/fixtures.ts';
import { CSV_TEMPLATE, checkInviteRows, organizationSlugs, readInviteCsv } from './csv-rows.ts';
import { inviteAccessFor } from './invite-access.ts';

const admin: User = { ...testSession.user, role: 'ADMIN', effectivePermissions: ['journey'] };
const support = { id: '3e0b7c85-8d88-4f9b-8a6d-5c3c6f4fcd43', name: 'Support', permissions: ['journey'] };
const billing = { id: '4f1c8d96-9e99-4a0c-9b7e-6d4d7a5ade54', name: 'Billing', permissions: ['billing'] };
const acme = { id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10', name: 'Acme News' };

function read(text: string) {
  const reading = readInviteCsv(text);
  if (!reading.ok) throw new Error(reading.problem);
  return reading.records;
}

const context = {
  access: inviteAccessFor(admin, []),
  roles: [support, billing],
  organizations: new Map([
    ['acme', acme],
    ['nowhere', null],
  ]),
};

describe('readInviteCsv', () => {
  it('when the header names the columns in any order and case, then each row is read by column and numbered as in a spreadsheet', () => {
    const records = read(
      'Email,Organization Role,organization,Notes\r\nada@x.test,ORG_ADMIN,acme,VIP\r\n\r\nbob@x.test,,,\r\n',
    );
    expect(records).toEqual([
      {
        row: 2,
        values: {
          email: 'ada@x.test',
          role: '',
          roles: '',
          organization: 'acme',
          organizationRole: 'ORG_ADMIN',
          expiresInDays: '',
        },
      },
      {
        row: 4,
        values: { email: 'bob@x.test', role: '', roles: '', organization: '', organizationRole: '', expiresInDays: '' },
      },
    ]);
    expect(readInviteCsv('email,notes\nada@x.test,x')).toMatchObject({ ok: true, ignoredColumns: ['notes'] });
    expect(organizationSlugs(records)).toEqual(['acme']);
  });

  it('when there is no email column, then the file is refused saying what the header names', () => {
    expect(readInviteCsv('mail,role\nada@x.test,ADMIN')).toEqual({
      ok: false,
      problem: 'The first row must name the columns, with at least "email". It names: "mail", "role".',
    });
  });

  it('when the file has more than 1,000 people, then it is refused with the count', () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `p${i}@x.test`).join('\n');
    expect(readInviteCsv(`email\n${rows}`)).toEqual({
      ok: false,
      problem:
        'The file has 1,001 rows of people; upload at most 1,000 at a time. Split it into smaller files and upload each one.',
    });
    expect(readInviteCsv(`email\n${rows.split('\n').slice(0, 1000).join('\n')}`).ok).toBe(true);
  });

  it('when the file is empty, has only a header or a broken quote, then it is refused', () => {
    expect(readInviteCsv('')).toMatchObject({ ok: false, problem: expect.stringMatching(/^The file is empty/) });
    expect(readInviteCsv('email\n')).toEqual({ ok: false, problem: 'The file has a header row but nobody to invite.' });
    expect(readInviteCsv('email\n"ada@x.test\n')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/line 2/),
    });
  });

  it('when the template is read, then its one row is good', () => {
    const [row] = checkInviteRows(read(CSV_TEMPLATE.replace('Support|Sales', 'Support')), {
      ...context,
      access: inviteAccessFor({ ...admin, role: 'OWNER' }, []),
    });
    expect(row?.problems).toEqual([]);
  });
});

describe('checkInviteRows', () => {
  it('when a row is good, then role names and the organization slug become ids, as the contract wants them', () => {
    const [row] = checkInviteRows(
      read(
        'email,role,roles,organization,organizationRole,expiresInDays\nada@x.test,admin,support| SUPPORT ,ACME,admin,14',
      ),
      context,
    );
    expect(row).toEqual({
      row: 2,
      email: 'ada@x.test',
      problems: [],
      invite: {
        email: 'ada@x.test',
        role: 'ADMIN',
        groups: [support.id],
        permissions: {},
        organizationId: acme.id,
        organizationRole: 'ORG_ADMIN',
        expiresInDays: 14,
      },
      shown: {
        role: 'ADMIN',
        roles: 'support, SUPPORT',
        organization: 'Acme News',
        organizationRole: 'ORG_ADMIN',
        expiresInDays: '14',
      },
    });
  });

  it('when a row has bad values, unknown names or asks for more than the person may give, then it lists every reason', () => {
    const rows = checkInviteRows(
      read(
        [
          'email,role,roles,organization,organizationRole,expiresInDays',
          'not-an-address,,,,,',
          'bob@x.test,OWNER,Billing|Ghosts,,,',
          'cy@x.test,,,nowhere,ORG_MEMBER,45',
          'di@x.test,,,,ORG_ADMIN,',
          ',MEMBER,,,,',
          'cy@x.test,,,nowhere,,',
          'ed@x.test,,,acme,,',
          'ED@x.test,,,acme,,3',
          'ed@x.test,,,,,',
        ].join('\n'),
      ),
      context,
    );
    expect(rows.map((row) => [row.row, row.problems, row.invite === undefined])).toEqual([
      [2, ['email: Enter a valid email address.'], true],
      [3, ['roles: there is no role named "Ghosts".'], true],
      [
        4,
        [
          'organization: there is no organization "nowhere" you can invite into.',
          'expiresInDays: Use at most 30 days.',
        ],
        true,
      ],
      [5, ['organizationRole: Choose an organization first.'], true],
      [6, ['email: the address is missing.'], true],
      [
        7,
        ['organization: there is no organization "nowhere" you can invite into.', 'The same address as row 4.'],
        true,
      ],
      [8, [], false],
      [9, ['The same address and organization as row 8.'], true],
      // The same address without an organization is another invitation.
      [10, [], false],
    ]);
    // With the unknown role gone, the escalation rules speak.
    const [escalating] = checkInviteRows(read('email,role,roles\nbob@x.test,OWNER,Billing'), context);
    expect(escalating?.problems).toEqual([
      'Only an owner can make someone an owner.',
      'Role "Billing" grants billing, which you do not hold',
    ]);
  });

  it('when an org admin uploads, then rows without one of their organizations or with roles are marked', () => {
    const access = inviteAccessFor({ ...testSession.user, role: 'MEMBER' }, [
      { id: acme.id, name: acme.name, slug: 'acme', orgRole: 'ORG_ADMIN' },
    ]);
    const rows = checkInviteRows(
      read(
        'email,roles,organization,organizationRole\nada@x.test,,acme,\nbob@x.test,,,\ncy@x.test,Support,acme,\ndi@x.test,,acme,ORG_OWNER',
      ),
      { access, roles: [], organizations: new Map([['acme', acme]]) },
    );
    expect(rows.map((row) => row.problems)).toEqual([
      [],
      ['Choose an organization you administer'],
      ['Organization administrators cannot give roles'],
      ['Only an ORG_OWNER can make someone an ORG_OWNER.'],
    ]);
  });
});

describe('checkInviteRows, values outside a list', () => {
  it('when the access level or org role is not one of the list, then the reason names the value and the choices', () => {
    const [row] = checkInviteRows(
      read('email,role,organization,organizationRole\nada@x.test,OWNERS,acme,boss'),
      context,
    );
    expect(row?.problems).toEqual([
      'role: "OWNERS" is not OWNER, ADMIN or MEMBER.',
      'organizationRole: Use ORG_OWNER, ORG_ADMIN, ORG_USER_MANAGER or ORG_MEMBER.',
    ]);
  });
});
