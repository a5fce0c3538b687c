import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CREDENTIALS_FILE, type CredentialsFile, credentialsFileSchema } from '@team-access/contract/server';
import type { IamConfig } from './config.ts';
import type { Db } from './db/client.ts';
import { prepareDataDir } from './db/data-dir.ts';
import type { Logger } from './logger.ts';
import { auditRepository } from './modules/audit/repository.ts';
import { permissionRepository } from './modules/permissions/repository.ts';
import { tenantRepository } from './modules/tenants/repository.ts';
import { userRepository } from './modules/users/repository.ts';
import { hashPassword } from './security/password.ts';
import { digestsEqual, generatePassword, randomToken, sha256 } from './security/tokens.ts';

const BOOTSTRAP_LOCK_KEY = 725_104_912;
export const DEFAULT_OWNER_EMAIL = 'owner@team-access.local';

export async function readCredentials(file: string): Promise<CredentialsFile | undefined> {
  try {
    return credentialsFileSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file} is not a valid credentials file; fix or delete it`, { cause: error });
  }
}

/**
 * The tenant's client credentials: API_KEY/API_SECRET when set, else the ones saved under
 * DATA_DIR, else new ones, saved there with mode 0600 so the BFF and the next start reuse them.
 */
export async function resolveCredentials(config: Pick<IamConfig, 'apiKey' | 'apiSecret' | 'dataDir'>) {
  if (config.apiKey && config.apiSecret)
    return { apiKey: config.apiKey, apiSecret: config.apiSecret, generated: false };
  const file = path.join(config.dataDir, CREDENTIALS_FILE);
  const saved = await readCredentials(file);
  if (saved) return { ...saved, generated: false };
  const fresh = { apiKey: `ak_${randomToken(12)}`, apiSecret: `as_${randomToken(32)}` };
  prepareDataDir(config.dataDir);
  // Written whole to a private temp file, then linked into place: link() fails if another
  // process got there first (that one wins and we read its file), and nobody reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  try {
    await fs.link(temp, file);
    return { ...fresh, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { ...((await readCredentials(file)) as CredentialsFile), generated: false };
  } finally {
    await fs.rm(temp, { force: true });
  }
}

export interface BootstrapResult {
  tenantId: string;
  tenantCreated: boolean;
  /** Set only when this start created the owner: the credentials to print once. */
  owner?: { email: string; password: string; generatedPassword: boolean };
}

/**
 * Makes sure the tenant for the configured API key exists (secret rotated to the configured one)
 * and has an owner. Idempotent, and safe when two instances start at once.
 */
export async function bootstrap(
  db: Db,
  credentials: { apiKey: string; apiSecret: string },
  owner: { email: string | undefined; password: string | undefined },
  logger: Logger,
): Promise<BootstrapResult> {
  const secretHash = sha256(credentials.apiSecret);
  const ownerPassword = owner.password ?? generatePassword();
  const ownerPasswordHash = await hashPassword(ownerPassword);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
    let tenant = await tenantRepository.findByApiKey(tx, credentials.apiKey);
    let tenantCreated = false;
    if (!tenant) {
      const id = randomUUID();
      await tenantRepository.insert(tx, { id, name: 'Default', apiKey: credentials.apiKey, apiSecretHash: secretHash });
      tenant = await tenantRepository.findByApiKey(tx, credentials.apiKey);
      tenantCreated = true;
    } else if (!digestsEqual(Buffer.from(tenant.api_secret_hash), secretHash)) {
      await tenantRepository.updateSecretHash(tx, tenant.id, secretHash);
      logger.warn({ tenantId: tenant.id }, 'API_SECRET differs from the stored one: the tenant secret was rotated');
    }
    const tenantId = (tenant as { id: string }).id;
    await permissionRepository.ensureDefaultCatalog(tx, tenantId);
    if ((await userRepository.countByRole(tx, tenantId, 'OWNER')) > 0) return { tenantId, tenantCreated };

    const email = owner.email ?? DEFAULT_OWNER_EMAIL;
    const existing = await userRepository.findByEmail(tx, tenantId, email);
    if (existing) {
      // Never overwrite an existing account; just say what is wrong.
      logger.error({ tenantId }, 'the tenant has no OWNER and the bootstrap owner email is taken by another user');
      return { tenantId, tenantCreated };
    }
    const ownerId = randomUUID();
    // An owner may do everything; the direct grants say so too, so the matrix shows it.
    const catalog = await permissionRepository.keys(tx, tenantId);
    await userRepository.insert(tx, {
      id: ownerId,
      tenantId,
      email,
      passwordHash: ownerPasswordHash,
      role: 'OWNER',
      status: 'active',
      // The operator chose this address for the first owner.
      emailVerified: true,
      permissions: Object.fromEntries([...catalog].map((key) => [key, true])),
    });
    await auditRepository.record(tx, {
      tenantId,
      actorUserId: null,
      action: 'user.bootstrapped_owner',
      targetType: 'user',
      targetId: ownerId,
      after: { email, role: 'OWNER' },
    });
    return {
      tenantId,
      tenantCreated,
      owner: { email, password: ownerPassword, generatedPassword: owner.password === undefined },
    };
  });
}
