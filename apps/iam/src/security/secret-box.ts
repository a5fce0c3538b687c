import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { prepareDataDir } from '../db/data-dir.ts';

/**
 * Factor secrets at rest: AES-256-GCM under MFA_ENCRYPTION_KEY (ADR 029). A stored value is
 * `iv (12 bytes) | tag (16 bytes) | ciphertext`; a changed byte or another key fails to open.
 */

export const MFA_KEY_FILE = 'mfa-key';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('MFA_ENCRYPTION_KEY must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]);
    },
    open(sealed) {
      const iv = sealed.subarray(0, IV_BYTES);
      const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}

/** A 32-byte key written as 64 hex digits or as base64 (what `openssl rand -base64 32` prints). */
export function parseMfaKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

/**
 * The key: MFA_ENCRYPTION_KEY when set, else the one saved as `DATA_DIR/mfa-key`, else a new one
 * saved there with mode 0600 (like credentials.json), so the embedded default needs no set-up and
 * a restart still opens the secrets it sealed.
 */
export async function resolveMfaKey(config: {
  mfaEncryptionKey: Buffer | undefined;
  dataDir: string;
}): Promise<{ key: Buffer; generated: boolean }> {
  if (config.mfaEncryptionKey) return { key: config.mfaEncryptionKey, generated: false };
  const file = path.join(config.dataDir, MFA_KEY_FILE);
  const read = async () => {
    try {
      const key = parseMfaKey(await fs.readFile(file, 'utf8'));
      if (!key) throw new Error(`${file} does not hold a 32-byte key; fix or restore it`);
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const saved = await read();
  if (saved) return { key: saved, generated: false };
  prepareDataDir(config.dataDir);
  const fresh = randomBytes(32);
  // Written whole to a private temp file, then linked into place: the first of two starts wins.
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, `${fresh.toString('base64')}\n`, { mode: 0o600, flag: 'w' });
  try {
    await fs.link(temp, file);
    return { key: fresh, generated: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: (await read()) as Buffer, generated: false };
  } finally {
    await fs.rm(temp, { force: true });
  }
}
