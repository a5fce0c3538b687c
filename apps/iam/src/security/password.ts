import { hash, verify } from '@node-rs/argon2';

/** argon2id at the OWASP minimum: m = 19 MiB, t = 2, p = 1. (`algorithm: 2` is Argon2id.) */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

// Verified against when the email is unknown, so both answers take as long.
const dummyHash = hashPassword('an unguessable password nobody has');

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
