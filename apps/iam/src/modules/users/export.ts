import { type exportUsersQuerySchema, type UserExportColumn, userExportColumns } from '@team-access/contract';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { CSV_BOM, csvRecord } from '../../http/csv.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { Caller } from '../../kernel/context.ts';
import { permissionRepository } from '../permissions/repository.ts';
import { assertMayManageUsers } from './policy.ts';
import { type Keyset, permissionSources, type UserRow, userRepository } from './repository.ts';
import { userFilterOf } from './service.ts';

type ExportQuery = z.output<typeof exportUsersQuerySchema>;

/** Users read per query while exporting: the memory an export holds at once, whatever its size. */
export const USER_EXPORT_BATCH = 500;

/** A users export ready to stream: its header (with the BOM) and its records, a batch at a time. */
export interface UsersExport {
  /** How many users matched when the export began (what the audit event records). */
  rows: number;
  header: string;
  records: AsyncGenerator<string>;
}

/**
 * Every user the list's filters match, in the list's sort order, as CSV records. Checked and
 * audited before the first byte: an OWNER or ADMIN only (who may read every member), and one
 * `user.list_exported` event naming the filters, the columns and the count.
 */
export async function exportUsers(db: Db, caller: Caller, query: ExportQuery): Promise<UsersExport> {
  assertMayManageUsers(caller.actor);
  const tenantId = caller.tenantId;
  const filter = userFilterOf(query);
  const columns: readonly UserExportColumn[] = query.columns ?? userExportColumns;
  const permissionKeys = columns.includes('permissions')
    ? (await permissionRepository.list(db, tenantId)).map((p) => p.key)
    : [];
  const rows = await userRepository.count(db, tenantId, filter);
  const filters = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
  await db.transaction((tx) =>
    recordAudit(tx, caller, {
      action: 'user.list_exported',
      targetType: 'user',
      targetId: null,
      after: { rows, columns, filters, sort: query.sort },
    }),
  );
  const header = columns.flatMap((c) => (c === 'permissions' ? permissionKeys.map((k) => `permission:${k}`) : [c]));

  async function* records(): AsyncGenerator<string> {
    let after: Keyset | undefined;
    for (;;) {
      const page = await userRepository.page(db, tenantId, filter, query.sort, USER_EXPORT_BATCH, after);
      const batch = page.slice(0, USER_EXPORT_BATCH);
      if (batch.length === 0) return;
      const organizations = columns.includes('organizations')
        ? await userRepository.organizationsOf(
            db,
            tenantId,
            batch.map((u) => u.id),
          )
        : new Map();
      yield batch
        .map((user) =>
          csvRecord(
            columns.flatMap((column) =>
              column === 'permissions'
                ? permissionCells(user, permissionKeys)
                : [cellOf(user, column, organizations.get(user.id) ?? [])],
            ),
          ),
        )
        .join('');
      if (page.length <= USER_EXPORT_BATCH) return;
      const last = batch.at(-1) as (typeof batch)[number];
      after = { value: last.sort_value, id: last.id };
    }
  }

  return { rows, header: CSV_BOM + csvRecord(header), records: records() };
}

function cellOf(user: UserRow, column: Exclude<UserExportColumn, 'permissions'>, organizations: OrgName[]): unknown {
  switch (column) {
    case 'email':
      return user.email;
    case 'firstName':
      return user.first_name;
    case 'lastName':
      return user.last_name;
    case 'phone':
      return user.phone;
    case 'role':
      return user.role;
    case 'status':
      return user.status;
    case 'roles':
      return user.role_grants.map((r) => r.name).join('; ');
    case 'organizations':
      return organizations.map((o) => `${o.name} (${o.orgRole})`).join('; ');
    case 'twoStep':
      return user.mfa ? 'true' : 'false';
    case 'lastLoginAt':
      return user.last_login_at?.toISOString() ?? '';
    case 'createdAt':
      return user.created_at.toISOString();
  }
}

type OrgName = { name: string; orgRole: string };

/** One cell per catalog permission: where the user's grant comes from (`direct`, role names), or empty. */
function permissionCells(user: UserRow, keys: readonly string[]): string[] {
  const sources = permissionSources(user);
  return keys.map((key) =>
    (sources[key] ?? []).map((source) => (source.type === 'direct' ? 'direct' : source.roleName)).join('; '),
  );
}
