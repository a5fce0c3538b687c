import type { User } from '@team-access/contract';
import type { Access } from '@/features/users/access.ts';

/** One cell of the matrix: what a user holds of one permission, and whether the viewer may switch it. */
export interface CellState {
  /** Granted to the user directly (the `permissions` map). */
  direct: boolean;
  /** Granted through a role the user holds (in `effectivePermissions`, not a direct grant). */
  inherited: boolean;
  /** The names of the roles that grant it; empty when they are not known (yet). */
  inheritedFrom: string[];
  /** Why the viewer cannot switch this cell (the cell's tooltip); undefined when they can. */
  lockedReason: string | undefined;
}

export type MatrixUser = Pick<User, 'id' | 'role' | 'email' | 'firstName' | 'lastName' | 'version'> &
  Pick<User, 'permissions' | 'effectivePermissions' | 'groups'>;

/** Role names for a user's inherited permission; the Roles screen (issue 5) will supply them. */
export type RoleNamesOf = (user: MatrixUser, key: string) => string[];

export const noRoleNames: RoleNamesOf = () => [];

const ROLES_SCREEN_HINT = 'change it on the Roles screen';

export const isGranted = (cell: CellState) => cell.direct || cell.inherited;

/** "role Marketing", "roles Marketing and Sales", or "a role" when the names are not known. */
export function rolePhrase(names: string[]): string {
  if (names.length === 0) return 'a role';
  if (names.length === 1) return `role ${names[0]}`;
  return `roles ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function cellState(
  user: MatrixUser,
  key: string,
  access: Pick<Access, 'canEdit' | 'canGrant' | 'whyNot'>,
  roleNamesOf: RoleNamesOf = noRoleNames,
): CellState {
  const direct = user.permissions[key] === true;
  // A role may grant what is also granted directly; the API's union does not say, so a direct
  // grant is shown as direct (switching it off may leave it inherited, which the answer shows).
  const inherited = !direct && user.effectivePermissions.includes(key);
  const inheritedFrom = inherited ? roleNamesOf(user, key) : [];
  let lockedReason: string | undefined;
  if (!access.canEdit(user)) lockedReason = access.whyNot(user);
  else if (inherited) lockedReason = `Granted by ${rolePhrase(inheritedFrom)} — ${ROLES_SCREEN_HINT}.`;
  else if (!direct && !access.canGrant(key)) lockedReason = access.whyNot(user, { grant: key });
  return { direct, inherited, inheritedFrom, lockedReason };
}

/** What a screen reader says after the cell's headers: its state, and why it is read-only. */
export function cellDescription(cell: CellState): string {
  const state = cell.direct
    ? 'granted'
    : cell.inherited
      ? `granted by ${rolePhrase(cell.inheritedFrom)}`
      : 'not granted';
  if (!cell.lockedReason) return state;
  if (cell.lockedReason.startsWith('Granted by')) return `${state}, ${ROLES_SCREEN_HINT}`;
  return `${state}, read-only: ${cell.lockedReason}`;
}
