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
  const forbidden = [/api_?secret/i, /api_?key/i, /session_secret/i, /credentials\.json/i];
  for (const file of built) {
    const text = fs.readFileSync(file, 'utf8');
    for (const pattern of forbidden) {
      expect(text, `${path.relative(DIST, file)} matches ${pattern}`).not.toMatch(pattern);
    }
    expect(text).not.toContain(E2E_OWNER.password);
  }
});
