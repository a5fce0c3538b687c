import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import type { PermissionChange, User } from '@team-access/contract';
import { userQueries } from '@/domain/users/queries.ts';
import { usersApi } from '@/domain/users/users-api.ts';
import { isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { problemReason } from '@/lib/problem.ts';
import { reversePlan } from '../bulk-plan.ts';
import {
  type CellChange,
  matrixUser,
  restoreCell,
  storeMatrixUser,
  updateMatrixUser,
  withCell,
} from './matrix-cache.ts';
import { matrixQueries } from './queries.ts';

/**
 * Every matrix write runs in this one queue, in the order it was made: each reads the user's version
 * when it starts, which is the version the previous write answered. So ten quick clicks on one row
 * all land, each still guarded by the version (the choice DESIGN.md asks for between ordered writes
 * and unversioned set operations), and a 412 means another admin (or tab) changed the user.
 */
const MATRIX_WRITES = { id: 'permission-matrix' };
const TOGGLE_KEY = ['permission-matrix', 'toggle'] as const;
const UNDO_GROUP = 'permission-matrix';

export interface CellToggle extends CellChange {
  /** For the messages: the permission's label and the member's name. */
  label: string;
  name: string;
  /** This toggle is an Undo: its toast offers no Undo of its own. */
  undo?: boolean;
}

const isStale = (error: unknown) => isApiError(error) && (error.status === 412 || error.status === 404);

/** The toggles shown on screen but not answered yet, except the one being settled. */
function pendingToggles(queryClient: QueryClient, except: CellToggle): CellToggle[] {
  return queryClient
    .getMutationCache()
    .findAll({ mutationKey: TOGGLE_KEY, status: 'pending' })
    .map((m) => m.state.variables as CellToggle)
    .filter((v) => v && v !== except);
}

/** The version to send: the newest the matrix or the user's detail holds. */
function currentVersion(queryClient: QueryClient, userId: string): number | undefined {
  const shown = matrixUser(queryClient, userId)?.version;
  const detail = queryClient.getQueryData<User>(userQueries.detail(userId).queryKey)?.version;
  return Math.max(shown ?? 0, detail ?? 0) || undefined;
}

/** Reads users again after a refusal that says the screen is out of date. */
async function reloadUsers(queryClient: QueryClient, userIds: string[], pending: CellToggle[]): Promise<void> {
  if (userIds.length > 20) {
    await queryClient.invalidateQueries({ queryKey: matrixQueries.all() });
    return;
  }
  const answers = await Promise.allSettled(userIds.map((id) => usersApi.get(id)));
  if (answers.some((a) => a.status === 'rejected')) {
    // Deleted meanwhile, or unreachable: reading the list again shows what is there.
    await queryClient.invalidateQueries({ queryKey: matrixQueries.all() });
  }
  for (const answer of answers) {
    if (answer.status === 'fulfilled') storeMatrixUser(queryClient, answer.value, pending);
  }
}

const describeToggle = ({ grant, label, name }: CellToggle) =>
  grant ? `Granted ${label} to ${name}` : `Revoked ${label} from ${name}`;

/** One cell: shown switched at once, sent in order, rolled back with the reason if refused. */
export function useToggleCell() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationKey: TOGGLE_KEY,
    scope: MATRIX_WRITES,
    meta: { silent: true },
    mutationFn: async (toggle: CellToggle) => {
      const version = currentVersion(queryClient, toggle.userId) ?? 1;
      const { key, grant, userId } = toggle;
      const { items } = await usersApi.changePermissions({
        changes: [{ userId, version, grant: grant ? [key] : [], revoke: grant ? [] : [key] }],
      });
      const [user] = items;
      if (!user) throw new Error('The server did not return the user');
      return user;
    },
    onMutate: async (toggle) => {
      await queryClient.cancelQueries({ queryKey: matrixQueries.all() });
      const before = matrixUser(queryClient, toggle.userId);
      updateMatrixUser(queryClient, toggle.userId, (user) => withCell(user, toggle));
      return { before };
    },
    onError: async (error, toggle, context) => {
      const pending = pendingToggles(queryClient, toggle);
      const before = context?.before;
      if (before) {
        updateMatrixUser(queryClient, toggle.userId, (user) =>
          pending.filter((p) => p.userId === toggle.userId).reduce(withCell, restoreCell(user, before, toggle.key)),
        );
      }
      const verb = toggle.grant ? 'granted' : 'revoked';
      notify(
        isStale(error)
          ? `${toggle.name} changed since you loaded it, so ${toggle.label} was not ${verb}. The row now shows the latest.`
          : `${toggle.label} was not ${verb} for ${toggle.name}: ${problemReason(error)}`,
        'error',
      );
      // The queue waits for this: the next write for the user carries the reloaded version.
      if (isStale(error)) await reloadUsers(queryClient, [toggle.userId], pending);
    },
    onSuccess: (user, toggle) => {
      storeMatrixUser(queryClient, user, pendingToggles(queryClient, toggle));
      if (toggle.undo) {
        const { grant, label, name } = toggle;
        notify(`Undone: ${name} ${grant ? 'has' : 'no longer has'} ${label}`, 'success', { group: UNDO_GROUP });
        return;
      }
      notify(describeToggle(toggle), 'success', {
        group: UNDO_GROUP,
        action: { label: 'Undo', onClick: () => mutation.mutate({ ...toggle, grant: !toggle.grant, undo: true }) },
      });
    },
  });
  return mutation;
}

export interface BulkChange {
  changes: PermissionChange[];
  /** What the toast says once it is done: "Granted Journeys to 12 members". */
  summary: string;
  undo?: boolean;
}

/** A row or column: one all-or-nothing request after the confirm; the answer updates the rows. */
export function useBulkChange() {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationKey: ['permission-matrix', 'bulk'],
    scope: MATRIX_WRITES,
    meta: { silent: true },
    mutationFn: async ({ changes }: BulkChange) => (await usersApi.changePermissions({ changes })).items,
    onSuccess: (users, bulk) => {
      for (const user of users) storeMatrixUser(queryClient, user);
      if (bulk.undo) {
        notify(bulk.summary, 'success', { group: UNDO_GROUP });
        return;
      }
      const versions = new Map(users.map((user) => [user.id, user.version]));
      notify(bulk.summary, 'success', {
        group: UNDO_GROUP,
        action: {
          label: 'Undo',
          onClick: () =>
            mutation.mutate({
              changes: reversePlan(bulk.changes, versions),
              summary: `Undone: ${bulk.summary.charAt(0).toLowerCase()}${bulk.summary.slice(1)}`,
              undo: true,
            }),
        },
      });
    },
    onError: async (error, bulk) => {
      notify(`Nothing was changed. ${problemReason(error)}`, 'error');
      if (!isStale(error) || !isApiError(error)) return;
      // The problem names each stale user by its place in the request: `body.changes.3.version`.
      const stale = error.errors.flatMap((e) => {
        const index = /^body\.changes\.(\d+)\./.exec(e.path)?.[1];
        const change = index === undefined ? undefined : bulk.changes[Number(index)];
        return change ? [change.userId] : [];
      });
      await reloadUsers(queryClient, stale.length ? stale : bulk.changes.map((c) => c.userId), []);
    },
  });
  return mutation;
}
