import { describe, expect, it } from 'vitest';
import { accessFor } from '@/domain/users/access.ts';
import { testSession } from '@/test/fixtures.ts';
import { describePlan, planColumn, planRow, reversePlan } from './bulk-plan.ts';
import { aMember } from './test-users.ts';

const owner = accessFor(testSession.user);
const admin = accessFor({ ...testSession.user, role: 'ADMIN', effectivePermissions: ['journey'] });
const KEYS = ['journey', 'payments', 'billing', 'taxation'];

describe('planColumn', () => {
  it('when some members lack it, then it grants to those and counts who already has it', () => {
    const users = [
      aMember({ permissions: { journey: true } }),
      aMember({ effectivePermissions: ['journey'] }),
      aMember(),
      aMember({ permissions: { journey: false } }),
    ];
    const plan = planColumn(users, 'journey', owner);
    expect(plan).toMatchObject({ grant: true, changeCount: 2, unchanged: 2, keptByRole: 0, skipped: [] });
    expect(plan.changes).toEqual([
      { userId: users[2]?.id, version: 1, grant: ['journey'], revoke: [] },
      { userId: users[3]?.id, version: 1, grant: ['journey'], revoke: [] },
    ]);
    expect(describePlan(plan, { kind: 'column', label: 'Journeys' })).toEqual({
      title: 'Grant Journeys to 2 members?',
      lines: ['2 already have it.'],
    });
  });

  it('when everyone has it, then it revokes the direct grants and says who keeps it through a role', () => {
    const users = [
      aMember({ permissions: { journey: true }, version: 4 }),
      aMember({ effectivePermissions: ['journey'] }),
    ];
    const plan = planColumn(users, 'journey', owner);
    expect(plan).toMatchObject({ grant: false, changeCount: 1, keptByRole: 1 });
    expect(plan.changes).toEqual([{ userId: users[0]?.id, version: 4, grant: [], revoke: ['journey'] }]);
    expect(describePlan(plan, { kind: 'column', label: 'Journeys' })).toEqual({
      title: 'Revoke Journeys from 1 member?',
      lines: ['1 member keeps it through a role.'],
    });
  });

  it('when a column is granted, then owners count as already holding it (their access level grants it)', () => {
    const users = [aMember({ role: 'OWNER' }), aMember({ role: 'OWNER' }), aMember()];
    const plan = planColumn(users, 'journey', admin);
    expect(plan).toMatchObject({ grant: true, changeCount: 1, unchanged: 2, skipped: [] });
    expect(describePlan(plan, { kind: 'column', label: 'Journeys' }).lines).toEqual(['2 already have it.']);
  });

  it('when a column is revoked, then owners are left out with the reason (ADR 018)', () => {
    const users = [aMember({ role: 'OWNER' }), aMember({ permissions: { journey: true } })];
    const plan = planColumn(users, 'journey', owner);
    expect(plan).toMatchObject({ grant: false, changeCount: 1 });
    expect(describePlan(plan, { kind: 'column', label: 'Journeys' }).lines).toEqual([
      "1 member is left out: An owner holds every permission through the access level; an owner's permissions cannot be switched.",
    ]);
  });

  it('when an admin revokes a permission they do not hold, then every holder is left out (ADR 017)', () => {
    const users = [aMember({ permissions: { payments: true } }), aMember({ permissions: { payments: true } })];
    const plan = planColumn(users, 'payments', admin);
    expect(plan).toMatchObject({ grant: false, changeCount: 0, changes: [] });
    expect(plan.skipped).toEqual([{ reason: 'You can revoke only permissions you hold yourself.', count: 2 }]);
  });

  it('when nothing can change, then the plan is empty and says so', () => {
    const plan = planColumn([aMember()], 'payments', admin);
    expect(plan.changeCount).toBe(0);
    expect(plan.changes).toEqual([]);
    expect(describePlan(plan, { kind: 'column', label: 'Payments' }).title).toBe('Nothing to change in Payments');
  });
});

describe('planRow', () => {
  it('when some permissions are missing, then it grants them all in one change', () => {
    const user = aMember({ permissions: { journey: true }, version: 3 });
    const plan = planRow(user, KEYS, owner);
    expect(plan.changes).toEqual([
      { userId: user.id, version: 3, grant: ['payments', 'billing', 'taxation'], revoke: [] },
    ]);
    expect(describePlan(plan, { kind: 'row', name: 'Ada', total: KEYS.length })).toEqual({
      title: 'Grant all 4 permissions to Ada?',
      lines: ['3 changes.', '1 already granted.'],
    });
  });

  it('when everything is granted, then it revokes them all', () => {
    const user = aMember({ permissions: Object.fromEntries(KEYS.map((key) => [key, true])) });
    const plan = planRow(user, KEYS, owner);
    expect(plan.changes[0]?.revoke).toEqual(KEYS);
    expect(describePlan(plan, { kind: 'row', name: 'Ada', total: KEYS.length })).toEqual({
      title: 'Revoke all 4 permissions from Ada?',
      lines: ['4 changes.'],
    });
  });

  it('when an admin grants a row, then the permissions they do not hold are left out', () => {
    const plan = planRow(aMember(), KEYS, admin);
    expect(plan.changes[0]?.grant).toEqual(['journey']);
    expect(describePlan(plan, { kind: 'row', name: 'Ada', total: KEYS.length }).lines).toEqual([
      '1 change.',
      '3 permissions are left out: You can grant only permissions you hold yourself.',
    ]);
  });

  it('when an admin revokes a row, then only the permissions they hold are revoked (ADR 017)', () => {
    const user = aMember({ permissions: Object.fromEntries(KEYS.map((key) => [key, true])) });
    const plan = planRow(user, KEYS, admin);
    expect(plan.changes).toEqual([{ userId: user.id, version: 1, grant: [], revoke: ['journey'] }]);
    expect(describePlan(plan, { kind: 'row', name: 'Ada', total: KEYS.length }).lines).toEqual([
      '1 change.',
      '3 permissions are left out: You can revoke only permissions you hold yourself.',
    ]);
  });
});

describe('reversePlan', () => {
  it('swaps grants and revokes at the versions the server answered', () => {
    const changes = [{ userId: 'u1', version: 1, grant: ['a'], revoke: ['b'] }];
    expect(reversePlan(changes, new Map([['u1', 2]]))).toEqual([
      { userId: 'u1', version: 2, grant: ['b'], revoke: ['a'] },
    ]);
  });
});
