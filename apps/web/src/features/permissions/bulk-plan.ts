import type { PermissionChange } from '@team-access/contract';
import type { Access } from '@/domain/users/access.ts';
import {
  type CellState,
  cellState,
  isGranted,
  type MatrixUser,
  type RoleNamesOf,
  roleNamesFromSources,
} from './cell-state.ts';

/**
 * The dry run of a row or column toggle, computed from what the screen shows: which cells change,
 * which are already as asked, and which are left out because the viewer may not change them. It
 * is shown in the confirm, then sent as one all-or-nothing request.
 */
export interface BulkPlan {
  /** Grant (true) or revoke (false): grant while anything the viewer may grant is missing. */
  grant: boolean;
  /** The request body's changes: one per user, with the version the screen showed. */
  changes: PermissionChange[];
  /** How many cells change. */
  changeCount: number;
  /** Cells already as asked: granted (directly or by a role) for a grant, not granted for a revoke. */
  unchanged: number;
  /** Revoking: cells that stay granted through a role (only the Roles screen changes them). */
  keptByRole: number;
  /** Cells the viewer may not change, counted by the reason. */
  skipped: { reason: string; count: number }[];
}

interface PlannedCell {
  user: MatrixUser;
  key: string;
  cell: CellState;
}

type CellAccess = Pick<Access, 'canEdit' | 'canGrant' | 'canRevoke' | 'whyNot'>;

function plan(cells: PlannedCell[]): BulkPlan {
  const grant = cells.some(({ cell }) => !isGranted(cell) && !cell.lockedReason);
  const byUser = new Map<string, PermissionChange & { grant: string[]; revoke: string[] }>();
  const skipped = new Map<string, number>();
  let unchanged = 0;
  let keptByRole = 0;
  let changeCount = 0;
  for (const { user, key, cell } of cells) {
    if (grant ? isGranted(cell) : !isGranted(cell)) {
      unchanged++;
      continue;
    }
    if (!grant && cell.inherited) {
      keptByRole++;
      continue;
    }
    if (cell.lockedReason) {
      skipped.set(cell.lockedReason, (skipped.get(cell.lockedReason) ?? 0) + 1);
      continue;
    }
    let change = byUser.get(user.id);
    if (!change) {
      change = { userId: user.id, version: user.version, grant: [], revoke: [] };
      byUser.set(user.id, change);
    }
    (grant ? change.grant : change.revoke).push(key);
    changeCount++;
  }
  return {
    grant,
    changes: [...byUser.values()],
    changeCount,
    unchanged,
    keptByRole,
    skipped: [...skipped].map(([reason, count]) => ({ reason, count })),
  };
}

/** A column header: one permission for every member on screen. */
export function planColumn(
  users: readonly MatrixUser[],
  key: string,
  access: CellAccess,
  roleNamesOf: RoleNamesOf = roleNamesFromSources,
): BulkPlan {
  return plan(users.map((user) => ({ user, key, cell: cellState(user, key, access, roleNamesOf) })));
}

/** A row header: every permission of the catalog for one member. */
export function planRow(
  user: MatrixUser,
  keys: readonly string[],
  access: CellAccess,
  roleNamesOf: RoleNamesOf = roleNamesFromSources,
): BulkPlan {
  return plan(keys.map((key) => ({ user, key, cell: cellState(user, key, access, roleNamesOf) })));
}

/** The same changes the other way round, at the versions the server answered: what "Undo" sends. */
export function reversePlan(changes: readonly PermissionChange[], versions: ReadonlyMap<string, number>) {
  return changes.map((change) => ({
    userId: change.userId,
    version: versions.get(change.userId) ?? change.version,
    grant: change.revoke ?? [],
    revoke: change.grant ?? [],
  }));
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export type BulkScope = { kind: 'column'; label: string } | { kind: 'row'; name: string; total: number };

/** The confirm's question and its lines, stating the count of changes. */
export function describePlan(bulk: BulkPlan, scope: BulkScope): { title: string; lines: string[] } {
  const lines: string[] = [];
  let title: string;
  if (scope.kind === 'column') {
    const members = plural(bulk.changeCount, 'member', 'members');
    title =
      bulk.changeCount === 0
        ? `Nothing to change in ${scope.label}`
        : bulk.grant
          ? `Grant ${scope.label} to ${members}?`
          : `Revoke ${scope.label} from ${members}?`;
    if (bulk.unchanged) {
      lines.push(
        bulk.grant
          ? `${bulk.unchanged} already ${bulk.unchanged === 1 ? 'has' : 'have'} it.`
          : `${bulk.unchanged} ${bulk.unchanged === 1 ? 'does' : 'do'} not have it.`,
      );
    }
    if (bulk.keptByRole) lines.push(`${plural(bulk.keptByRole, 'member keeps', 'members keep')} it through a role.`);
    for (const { reason, count } of bulk.skipped) {
      lines.push(`${plural(count, 'member is', 'members are')} left out: ${reason}`);
    }
  } else {
    const permissions = plural(scope.total, 'permission', 'permissions');
    title =
      bulk.changeCount === 0
        ? `Nothing to change for ${scope.name}`
        : bulk.grant
          ? `Grant all ${permissions} to ${scope.name}?`
          : `Revoke all ${permissions} from ${scope.name}?`;
    if (bulk.changeCount) lines.push(`${plural(bulk.changeCount, 'change', 'changes')}.`);
    if (bulk.unchanged) {
      lines.push(bulk.grant ? `${bulk.unchanged} already granted.` : `${bulk.unchanged} not granted.`);
    }
    if (bulk.keptByRole) lines.push(`${plural(bulk.keptByRole, 'stays', 'stay')} granted through a role.`);
    for (const { reason, count } of bulk.skipped) {
      lines.push(`${plural(count, 'permission is', 'permissions are')} left out: ${reason}`);
    }
  }
  return { title, lines };
}
