import type { Queryable } from '../../db/client.ts';

export interface FactorRow {
  id: string;
  type: 'totp' | 'passkey';
  name: string;
  /** An authenticator app's sealed secret; null for a passkey. */
  secret_ciphertext: Buffer | null;
  /** A passkey's credential (migration 013); null for an authenticator app. */
  credential_id: string | null;
  public_key: Buffer | null;
  sign_count: string | null;
  transports: string[] | null;
  last_used_step: string | null;
  last_used_at: Date | null;
  created_at: Date;
}

export interface ChallengeRow {
  id: string;
  user_id: string;
  attempts: number;
}

export const FACTOR_COLUMNS =
  'id, type, name, secret_ciphertext, last_used_step, last_used_at, created_at, credential_id, public_key, sign_count, transports';

/** Factors, recovery codes and pending second steps (migration 011). */
export const twoStepRepository = {
  async factors(db: Queryable, tenantId: string, userId: string): Promise<FactorRow[]> {
    return db.query<FactorRow>(
      `select ${FACTOR_COLUMNS} from mfa_factors where tenant_id = $1 and user_id = $2 order by created_at, id`,
      [tenantId, userId],
    );
  },
  /** The passkey with this credential id in the tenant, with its user (a passwordless sign-in, ADR 039). */
  async passkeyByCredential(
    db: Queryable,
    tenantId: string,
    credentialId: string,
  ): Promise<(FactorRow & { user_id: string }) | undefined> {
    const rows = await db.query<FactorRow & { user_id: string }>(
      `select ${FACTOR_COLUMNS}, user_id from mfa_factors
        where tenant_id = $1 and type = 'passkey' and credential_id = $2`,
      [tenantId, credentialId],
    );
    return rows[0];
  },
  async insertFactor(
    db: Queryable,
    f: { id: string; tenantId: string; userId: string; name: string; secret: Buffer; step: number },
  ): Promise<FactorRow | undefined> {
    const rows = await db.query<FactorRow>(
      `insert into mfa_factors (id, tenant_id, user_id, type, name, secret_ciphertext, last_used_step, last_used_at)
       values ($1, $2, $3, 'totp', $4, $5, $6, null)
       on conflict do nothing
       returning ${FACTOR_COLUMNS}`,
      [f.id, f.tenantId, f.userId, f.name, f.secret, f.step],
    );
    return rows[0];
  },
  async deleteFactor(
    db: Queryable,
    tenantId: string,
    userId: string,
    factorId: string,
  ): Promise<FactorRow | undefined> {
    const rows = await db.query<FactorRow>(
      `delete from mfa_factors where tenant_id = $1 and user_id = $2 and id = $3 returning ${FACTOR_COLUMNS}`,
      [tenantId, userId, factorId],
    );
    return rows[0];
  },
  async deleteAll(db: Queryable, tenantId: string, userId: string): Promise<FactorRow[]> {
    await db.query('delete from mfa_recovery_codes where tenant_id = $1 and user_id = $2', [tenantId, userId]);
    await db.query('delete from mfa_challenges where tenant_id = $1 and user_id = $2', [tenantId, userId]);
    return db.query<FactorRow>(
      `delete from mfa_factors where tenant_id = $1 and user_id = $2 returning ${FACTOR_COLUMNS}`,
      [tenantId, userId],
    );
  },
  /**
   * Takes the step of a right code, only if it is later than the last one taken: of two
   * requests with the same code, one wins (the row's update is atomic), the other is a replay.
   */
  async takeStep(db: Queryable, tenantId: string, factorId: string, step: number): Promise<boolean> {
    const rows = await db.query<{ id: string }>(
      `update mfa_factors set last_used_step = $3, last_used_at = now()
        where tenant_id = $1 and id = $2 and (last_used_step is null or last_used_step < $3)
        returning id`,
      [tenantId, factorId, step],
    );
    return rows.length === 1;
  },
  async setMfaFlag(db: Queryable, tenantId: string, userId: string): Promise<void> {
    await db.query(
      `update users set mfa = exists (select 1 from mfa_factors f where f.tenant_id = $1 and f.user_id = $2)
        where tenant_id = $1 and id = $2`,
      [tenantId, userId],
    );
  },
  async replaceRecoveryCodes(
    db: Queryable,
    tenantId: string,
    userId: string,
    codes: { id: string; hash: Buffer }[],
  ): Promise<void> {
    await db.query('delete from mfa_recovery_codes where tenant_id = $1 and user_id = $2', [tenantId, userId]);
    for (const code of codes) {
      await db.query('insert into mfa_recovery_codes (id, tenant_id, user_id, code_hash) values ($1, $2, $3, $4)', [
        code.id,
        tenantId,
        userId,
        code.hash,
      ]);
    }
  },
  async recoveryCodesLeft(db: Queryable, tenantId: string, userId: string): Promise<number> {
    const [row] = await db.query<{ n: number }>(
      'select count(*)::int as n from mfa_recovery_codes where tenant_id = $1 and user_id = $2 and used_at is null',
      [tenantId, userId],
    );
    return row?.n ?? 0;
  },
  /** Uses a recovery code once: of two requests with the same code, one wins. */
  async useRecoveryCode(db: Queryable, tenantId: string, userId: string, hash: Buffer): Promise<boolean> {
    const rows = await db.query<{ id: string }>(
      `update mfa_recovery_codes set used_at = now()
        where tenant_id = $1 and user_id = $2 and code_hash = $3 and used_at is null
        returning id`,
      [tenantId, userId, hash],
    );
    return rows.length === 1;
  },
  async insertChallenge(
    db: Queryable,
    c: { id: string; tenantId: string; userId: string; tokenHash: Buffer; expiresAt: Date },
  ): Promise<void> {
    // The user's finished pending steps (used, expired) go as a new one starts: they only pile up.
    await db.query(
      'delete from mfa_challenges where tenant_id = $1 and user_id = $2 and (used_at is not null or expires_at <= now())',
      [c.tenantId, c.userId],
    );
    await db.query(
      'insert into mfa_challenges (id, tenant_id, user_id, token_hash, expires_at) values ($1, $2, $3, $4, $5)',
      [c.id, c.tenantId, c.userId, c.tokenHash, c.expiresAt],
    );
  },
  /** The live pending second step with this token, locked for this attempt. */
  async liveChallengeForUpdate(
    db: Queryable,
    tenantId: string,
    tokenHash: Buffer,
    maxAttempts: number,
  ): Promise<ChallengeRow | undefined> {
    const rows = await db.query<ChallengeRow>(
      `select id, user_id, attempts from mfa_challenges
        where tenant_id = $1 and token_hash = $2 and used_at is null and expires_at > now() and attempts < $3
        for update`,
      [tenantId, tokenHash, maxAttempts],
    );
    return rows[0];
  },
  async countFailure(db: Queryable, tenantId: string, tokenHash: Buffer): Promise<void> {
    await db.query('update mfa_challenges set attempts = attempts + 1 where tenant_id = $1 and token_hash = $2', [
      tenantId,
      tokenHash,
    ]);
  },
  async useChallenge(db: Queryable, tenantId: string, id: string): Promise<void> {
    await db.query('update mfa_challenges set used_at = now() where tenant_id = $1 and id = $2', [tenantId, id]);
  },
};
