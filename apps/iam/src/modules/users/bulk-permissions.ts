import type { BulkPermissionResult, bulkPermissionChangeSchema, FieldError, User } from '@team-access/contract';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { auditOf } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { revokeInvitationsSendersMayNoLongerSend } from '../invitations/sender-rights.ts';
import { assertMayManageUsers, assertMayWriteEntry } from './policy.ts';
import { toUser, type UserRow, userRepository } from './repository.ts';
import { assertKnownPermissions } from './service.ts';

type BulkBody = z.output<typeof bulkPermissionChangeSchema>;

const audit = auditOf('user');

/**
 * The matrix's bulk change: every user's version checked, every rule applied, then all changes
 * written in one transaction — or, when one is refused, none.
 */
export async function changePermissions(db: Db, caller: Caller, body: BulkBody): Promise<BulkPermissionResult> {
  assertMayManageUsers(caller.actor);
  const keys = body.changes.flatMap((change, i) => [
    ...change.grant.map((key, j) => ({ key, path: `body.changes.${i}.grant.${j}` })),
    ...change.revoke.map((key, j) => ({ key, path: `body.changes.${i}.revoke.${j}` })),
  ]);
  return db.transaction(async (tx) => {
    await assertKnownPermissions(tx, caller.tenantId, keys);
    const rows = await userRepository.findManyForUpdate(
      tx,
      caller.tenantId,
      body.changes.map((c) => c.userId),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const missing: FieldError[] = [];
    const stale: FieldError[] = [];
    body.changes.forEach((change, i) => {
      const row = byId.get(change.userId);
      if (!row) missing.push({ path: `body.changes.${i}.userId`, message: 'No such user', code: 'not_found' });
      else if (row.version !== change.version) {
        stale.push({
          path: `body.changes.${i}.version`,
          message: `${row.email} changed since you loaded it (now version ${row.version})`,
          code: 'stale_version',
        });
      }
    });
    if (missing.length) throw new AppError(404, 'not_found', 'Some users do not exist.', missing);
    if (stale.length) {
      throw new AppError(
        412,
        'precondition_failed',
        'Some users changed since you loaded them. Reload and try again.',
        stale,
      );
    }
    const items: User[] = [];
    for (const [i, change] of body.changes.entries()) {
      const target = byId.get(change.userId) as UserRow;
      assertMayWriteEntry(
        caller.actor,
        {
          target,
          role: target.role,
          grants: change.grant
            .map((key, j) => ({ key, path: `body.changes.${i}.grant.${j}` }))
            .filter(({ key }) => target.permissions[key] !== true),
          revokes: change.revoke
            .map((key, j) => ({ key, path: `body.changes.${i}.revoke.${j}` }))
            .filter(({ key }) => target.permissions[key] === true),
        },
        `body.changes.${i}.userId`,
      );
      const permissions = { ...target.permissions };
      for (const key of change.grant) permissions[key] = true;
      for (const key of change.revoke) permissions[key] = false;
      await userRepository.update(tx, caller.tenantId, target.id, { permissions });
      const after = toUser((await userRepository.findById(tx, caller.tenantId, target.id)) as UserRow);
      await audit(
        tx,
        caller,
        'user.permissions_changed',
        target.id,
        { permissions: target.permissions, version: target.version },
        { permissions: after.permissions, version: after.version },
      );
      items.push(after);
    }
    await revokeInvitationsSendersMayNoLongerSend(
      tx,
      caller,
      items.map((u) => u.id),
    );
    return { items };
  });
}
