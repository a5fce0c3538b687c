// @vitest-environment node
/// <reference types="node" />
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The import boundaries of ADR 019 live in biome.json (`style/noRestrictedImports` per folder). These
 * tests write a probe file into the folder under test, lint it with the repository's own Biome and
 * config, and read which imports Biome refused, so a loosened or mistyped boundary fails here too.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const biome = path.join(root, 'node_modules/@biomejs/biome/bin/biome');
const probes: string[] = [];

afterEach(() => {
  for (const probe of probes.splice(0)) rmSync(probe, { force: true });
});

interface Report {
  diagnostics: { category: string; location: { start: { line: number } } }[];
}

/** The lines of `imports`, placed in a file at `folder` (relative to apps/web/src), that Biome refuses. */
function refusedLines(folder: string, imports: string[]): number[] {
  const file = path.join(root, 'apps/web/src', folder, `boundary-probe-${process.pid}.ts`);
  probes.push(file);
  writeFileSync(
    file,
    `${imports.map((from, i) => `import * as m${i} from '${from}';`).join('\n')}\n\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`,
  );
  let output: string;
  try {
    output = execFileSync(process.execPath, [biome, 'lint', '--reporter=json', path.relative(root, file)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as Report;
  return report.diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => d.location.start.line)
    .sort((a, b) => a - b);
}

describe('import boundaries (Biome)', () => {
  it('when a feature imports another feature, then Biome refuses it (by alias or by relative path)', () => {
    expect(
      refusedLines('features/roles', [
        '@/features/permissions/cell-state.ts',
        '../permissions/cell-state.ts',
        './role-cell.ts',
        '@/lib/session.ts',
      ]),
    ).toEqual([1, 2]);
    expect(
      refusedLines('features/roles/components', [
        '@/features/users/password.ts',
        '../../permissions/cell-state.ts',
        '../role-cell.ts',
        '@/features/roles/role-cell.ts',
        '@/components/grid/check-mark.tsx',
      ]),
    ).toEqual([1, 2]);
    // The audit feature shares its list with the pages' Activity tabs through domain/audit.
    expect(
      refusedLines('features/audit', [
        '@/features/users/password.ts',
        '../users/password.ts',
        '@/domain/audit/sentence.ts',
      ]),
    ).toEqual([1, 2]);
    expect(
      refusedLines('features/audit/components', [
        '../../organizations/access.ts',
        '@/features/roles/role-cell.ts',
        '../routes/audit-screen.tsx',
      ]),
    ).toEqual([1, 2]);
  }, 30_000);

  it('when domain/, lib/ or components/ import a feature or app/, then Biome refuses it', () => {
    for (const folder of ['lib', 'components/grid', 'domain/users', 'domain/audit']) {
      expect(
        refusedLines(folder, [
          '@/features/auth/link-token.ts',
          '@/app/theme.ts',
          `${folder.includes('/') ? '../../' : '../'}features/auth/link-token.ts`,
          '@/lib/api-client.ts',
        ]),
      ).toEqual([1, 2, 3]);
    }
  }, 30_000);
});
