import fs from 'node:fs';
import path from 'node:path';
import { E2E_OWNER, expect, test } from './fixtures.ts';

const DIST = path.resolve(import.meta.dirname, '../dist');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? files(full) : [full];
  });
}

test('the built web app names no server-side secret and holds no credential', () => {
  const built = files(DIST);
  expect(built.some((file) => file.endsWith('.js'))).toBe(true);
  // The servers' variable names and files for the tenant's credentials. "apiKey" in any case is no
  // longer among them: the console manages the tenant's API keys (ADR 048) and names them; what
  // must never ship is the server's own API_KEY setting, a secret, or a key's secret (`tas_…`).
  const forbidden = [/api_?secret/i, /\bAPI_KEY\b/, /session_secret/i, /credentials\.json/i, /tas_[A-Za-z0-9_-]{16,}/];
  for (const file of built) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of forbidden) {
      expect(text, `${path.relative(DIST, file)} matches ${pattern}`).not.toMatch(pattern);
    }
    expect(text).not.toContain(E2E_OWNER.password);
  }
});
