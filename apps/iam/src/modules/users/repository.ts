import type { AccessLevel, User, UserStatus } from '@team-access/contract';
import type { Queryable } from '../../db/client.ts';

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  status: UserStatus;
  role: AccessLevel;
  permissions: Record<string, boolean>;
  mfa: boolean;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const COLUMNS =
  'id, tenant_id, email, password_hash, first_name, last_name, phone, status, role, permissions, mfa, last_login_at, created_at, updated_at, version';

/** The API's view of a user: never the password hash; effective permissions computed. */
export function toUser(row: UserRow): User {
  const permissions = row.permissions ?? {};
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    status: row.status,
    role: row.role,
    permissions,
    effectivePermissions: Object.keys(permissions).filter((k) => permissions[k] === true),
    groups: [],
    mfa: row.mfa,
    lastLoginAt: row.last_login_at ? row.last_login_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export interface NewUser {
  id: string;
  tenantId: string;
  email: string;
  passwordHash: string | null;
  firstName?: string | null;
  lastName?: string | null;
  role: AccessLevel;
  status: UserStatus;
  permissions: Record<string, boolean>;
}

export const userRepository = {
  async findById(db: Queryable, tenantId: string, id: string): Promise<UserRow | undefined> {
    const rows = await db.query<UserRow>(`select ${COLUMNS} from users where tenant_id = $1 and id = $2`, [
      tenantId,
      id,
    ]);
    return rows[0];
  },
  async findByEmail(db: Queryable, tenantId: string, email: string): Promise<UserRow | undefined> {
    const rows = await db.query<UserRow>(
      `select ${COLUMNS} from users where tenant_id = $1 and lower(email) = lower($2)`,
      [tenantId, email],
    );
    return rows[0];
  },
  async countByRole(db: Queryable, tenantId: string, role: AccessLevel): Promise<number> {
    const rows = await db.query<{ n: number }>(
      'select count(*)::int as n from users where tenant_id = $1 and role = $2',
      [tenantId, role],
    );
    return rows[0]?.n ?? 0;
  },
  async insert(db: Queryable, u: NewUser): Promise<UserRow> {
    const rows = await db.query<UserRow>(
      `insert into users (id, tenant_id, email, password_hash, first_name, last_name, role, status, permissions)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
      [
        u.id,
        u.tenantId,
        u.email,
        u.passwordHash,
        u.firstName ?? null,
        u.lastName ?? null,
        u.role,
        u.status,
        JSON.stringify(u.permissions),
      ],
    );
    return rows[0] as UserRow;
  },
  async recordLogin(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('update users set last_login_at = now() where tenant_id = $1 and id = $2', [tenantId, id]);
  },
};
