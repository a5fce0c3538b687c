import type { User } from '@team-access/contract';
import { type Access, OWNER_PERMISSIONS_REFUSAL } from '@/domain/users/access.ts';

/** One cell of the matrix: what a user holds of one permission, and whether the viewer may switch it. */
export interface CellState {
  /** Granted to the user directly (the `permissions` map). */
  direct: boolean;
  /** Granted only through roles the user holds: shown inherited, switched on the Roles screen. */
  inherited: boolean;
  /** Held because the user is an OWNER, who holds every permission by the access level (ADR 018). */
  byAccessLevel: boolean;
  /**
   * The names of the roles that grant it (from the user's `permissionSources`), also when it is
   * granted directly as well; empty when no role grants it, or the sources are not known.
   */
  inheritedFrom: string[];
  /** Why the viewer cannot switch this cell (the cell's tooltip); undefined when they can. */
  lockedReason: string | undefined;
}

export type MatrixUser = Pick<User, 'id' | 'role' | 'email' | 'firstName' | 'lastName' | 'version'> &
  Pick<User, 'permissions' | 'effectivePermissions' | 'groups' | 'permissionSources'>;

/** The names of the roles that grant a user one permission. */
export type RoleNamesOf = (user: MatrixUser, key: string) => string[];

/** From the user's `permissionSources`, which the list answers with every user (no request per user). */
export const roleNamesFromSources: RoleNamesOf = (user, key) =>
  (user.permissionSources[key] ?? []).flatMap((source) => (source.type === 'role' ? [source.roleName] : []));

const ROLES_SCREEN_HINT = 'change it on the Roles screen';

export const isGranted = (cell: CellState) => cell.direct || cell.inherited || cell.byAccessLevel;

/** "role Marketing", "roles Marketing and Sales", or "a role" when the names are not known. */
export function rolePhrase(names: string[]): string {
  if (names.length === 0) return 'a role';
  if (names.length === 1) return `role ${names[0]}`;
  return `roles ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function cellState(
  user: MatrixUser,
  key: string,
  access: Pick<Access, 'canEdit' | 'canGrant' | 'canRevoke' | 'whyNot'>,
  roleNamesOf: RoleNamesOf = roleNamesFromSources,
): CellState {
  if (user.role === 'OWNER') {
    // An owner's cells are not switched by anyone: the access level grants them all.
    return {
      direct: false,
      inherited: false,
      byAccessLevel: true,
      inheritedFrom: [],
      lockedReason: OWNER_PERMISSIONS_REFUSAL,
    };
  }
  const direct = user.permissions[key] === true;
  // Granted both directly and by a role: shown as direct and switchable (the direct grant is what
  // this screen changes); its name and tooltip say a role grants it too, so switching it off leaves
  // it granted by the role, and the cell then shows inherited.
  const inherited = !direct && user.effectivePermissions.includes(key);
  const inheritedFrom = direct || inherited ? roleNamesOf(user, key) : [];
  let lockedReason: string | undefined;
  if (!access.canEdit(user)) lockedReason = access.whyNot(user);
  else if (inherited) lockedReason = `Granted by ${rolePhrase(inheritedFrom)} — ${ROLES_SCREEN_HINT}.`;
  else if (!direct && !access.canGrant(key)) lockedReason = access.whyNot(user, { grant: key });
  else if (direct && !access.canRevoke(key)) lockedReason = access.whyNot(user, { revoke: key });
  return { direct, inherited, byAccessLevel: false, inheritedFrom, lockedReason };
}

/** The tooltip of a cell the viewer can switch: only a direct grant that a role also gives has one. */
export function cellHint(cell: CellState): string | undefined {
  if (cell.lockedReason) return cell.lockedReason;
  if (cell.direct && cell.inheritedFrom.length) {
    return `Granted directly and by ${rolePhrase(cell.inheritedFrom)}: switching it off removes only the direct grant.`;
  }
  return undefined;
}

/** What a screen reader says after the cell's headers: its state, and why it is read-only. */
export function cellDescription(cell: CellState): string {
  if (cell.byAccessLevel) return 'granted by the owner access level, read-only';
  const state = cell.direct
    ? cell.inheritedFrom.length
      ? `granted directly and by ${rolePhrase(cell.inheritedFrom)}`
      : 'granted'
    : cell.inherited
      ? `granted by ${rolePhrase(cell.inheritedFrom)}`
      : 'not granted';
  if (!cell.lockedReason) return state;
  if (cell.lockedReason.startsWith('Granted by')) return `${state}, ${ROLES_SCREEN_HINT}`;
  return `${state}, read-only: ${cell.lockedReason}`;
}
