import type { Role, User } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import { accessFor } from '@/domain/users/access.ts';
import { testSession } from '@/test/fixtures.ts';
import { planRoleChange } from './role-change-plan.ts';

let serial = 0;
const aMember = (overrides: Partial<User> = {}): User => ({
  ...testSession.user,
  id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
  role: 'MEMBER',
  ...overrides,
});
const role = (id: string, name: string) => ({ id, name, permissions: [] }) as unknown as Role;
const marketing = role('r1', 'Marketing');
const sales = role('r2', 'Sales');
const admin = accessFor({ ...testSession.user, role: 'ADMIN' });

describe('planRoleChange', () => {
  it('when roles are added and removed, then the confirm names how many members and which roles', () => {
    const users = [aMember(), aMember(), aMember()];
    const plan = planRoleChange(users, [marketing, sales], { r1: 'add', r2: 'remove' }, admin);
    expect(plan.question).toBe('Change the roles of 3 members?');
    expect(plan.confirmLabel).toBe('Change 3 members');
    expect(plan.lines).toEqual([
      'Add Marketing.',
      'Remove Sales.',
      'All of it is applied, or nothing if one change is refused.',
    ]);
    expect(plan.userIds).toEqual(users.map((u) => u.id));
    expect(plan.ready).toBe(true);
  });

  it('when an admin selected an owner, then the owner is left out and the confirm says why', () => {
    const member = aMember();
    const plan = planRoleChange([member, aMember({ role: 'OWNER' })], [marketing], { r1: 'add' }, admin);
    expect(plan.userIds).toEqual([member.id]);
    expect(plan.question).toBe('Change the roles of 1 member?');
    expect(plan.lines).toContain('1 selected member is left out: Only an owner can change or remove an owner.');
  });

  it('when every role is left as it is, then there is nothing to review', () => {
    expect(planRoleChange([aMember()], [marketing], { r1: 'keep' }, admin).ready).toBe(false);
  });
});
