import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { MFA_KEY_FILE, parseMfaKey, resolveMfaKey, secretBox } from './secret-box.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfa-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('sealing two-step secrets', () => {
  it('when a secret is sealed, then only the same key opens it, and a changed byte fails', () => {
    const key = randomBytes(32);
    const sealed = secretBox(key).seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(sealed.toString('latin1')).not.toContain('JBSWY3DP');
    expect(secretBox(key).open(sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered.at(-1) as number) ^ 1;
    expect(() => secretBox(key).open(tampered)).toThrow();
  });

  it('when no key is configured, then one is generated under DATA_DIR (0600) and reused at the next start', async () => {
    const dataDir = tempDir();
    const first = await resolveMfaKey({ mfaEncryptionKey: undefined, dataDir });
    expect(first.generated).toBe(true);
    expect(fs.statSync(path.join(dataDir, MFA_KEY_FILE)).mode & 0o777).toBe(0o600);
    const second = await resolveMfaKey({ mfaEncryptionKey: undefined, dataDir });
    expect(second).toEqual({ key: first.key, generated: false });
  });

  it('when MFA_ENCRYPTION_KEY is set, then it is used and nothing is written', async () => {
    const dataDir = tempDir();
    const hex = randomBytes(32).toString('hex');
    const config = loadConfig({ MFA_ENCRYPTION_KEY: hex, DATA_DIR: dataDir });
    expect(config.mfaEncryptionKey?.toString('hex')).toBe(hex);
    expect(await resolveMfaKey(config)).toEqual({ key: Buffer.from(hex, 'hex'), generated: false });
    expect(fs.existsSync(path.join(dataDir, MFA_KEY_FILE))).toBe(false);
    expect(parseMfaKey(Buffer.from(hex, 'hex').toString('base64'))?.toString('hex')).toBe(hex);
  });

  it('when MFA_ENCRYPTION_KEY is not 32 bytes, then the IAM refuses to start, naming it and not its value', () => {
    expect(() => loadConfig({ MFA_ENCRYPTION_KEY: 'too-short-secret' })).toThrow(
      /MFA_ENCRYPTION_KEY: must be 32 bytes as 64 hex digits or base64/,
    );
    expect(() => loadConfig({ MFA_ENCRYPTION_KEY: 'too-short-secret' })).not.toThrow(/too-short-secret/);
  });
});
