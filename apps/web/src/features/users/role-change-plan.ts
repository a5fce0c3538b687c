import type { Role, User } from '@team-access/contract';
import type { Access } from '@/domain/users/access.ts';

export type RoleChoice = 'keep' | 'add' | 'remove';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
const names = (roles: Role[]) => roles.map((r) => r.name).join(', ');

/**
 * The bulk role change from the users list, worked out before it is sent: which members it
 * applies to (an admin's selection leaves owners out, as the API would refuse them), what is
 * added and removed, and the confirm's words naming how many members change.
 */
export function planRoleChange(
  selection: readonly User[],
  roles: readonly Role[],
  choices: Record<string, RoleChoice>,
  access: Pick<Access, 'canEdit' | 'whyNot'>,
) {
  const add = roles.filter((role) => choices[role.id] === 'add');
  const remove = roles.filter((role) => choices[role.id] === 'remove');
  const changeable = selection.filter((user) => access.canEdit(user));
  const leftOut = selection.length - changeable.length;
  const members = plural(changeable.length, 'member', 'members');
  const lines: string[] = [];
  if (add.length) lines.push(`Add ${names(add)}.`);
  if (remove.length) lines.push(`Remove ${names(remove)}.`);
  const firstLeftOut = selection.find((user) => !access.canEdit(user));
  if (leftOut && firstLeftOut) {
    lines.push(
      `${plural(leftOut, 'selected member is', 'selected members are')} left out: ${access.whyNot(firstLeftOut)}`,
    );
  }
  lines.push('All of it is applied, or nothing if one change is refused.');
  return {
    selected: plural(selection.length, 'member', 'members'),
    userIds: changeable.map((user) => user.id),
    add,
    remove,
    ready: changeable.length > 0 && add.length + remove.length > 0,
    question: `Change the roles of ${members}?`,
    lines,
    confirmLabel: `Change ${members}`,
    summary: `Changed the roles of ${members}`,
  };
}
