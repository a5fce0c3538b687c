// The configuration table in docs/configuration.md against the zod schemas the servers parse their
// environment with: every variable a schema reads is documented with its default, and every
// documented variable is read by a schema or, for the test and benchmark ones, by the tooling.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema as bffSchema } from '../apps/bff/src/config.ts';
import { configSchema as iamSchema } from '../apps/iam/src/config.ts';

const root = path.resolve(import.meta.dirname, '..');
const SERVERS = { iam: iamSchema.shape, bff: bffSchema.shape } as const;
type Server = keyof typeof SERVERS;
const USED_BY = ['iam', 'bff', 'both', 'tests', 'bench'] as const;
/** Defaults applied outside the schema: the documented text, and the file (and code) that applies it. */
const DERIVED: Record<string, { text: string; file: string; code: string }> = {
  IAM_BASE_URL: {
    text: '`http://127.0.0.1:$IAM_PORT`',
    file: 'apps/bff/src/config.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    code: 'c.IAM_BASE_URL ?? `http://127.0.0.1:${c.IAM_PORT}`',
  },
  IAM_BOOTSTRAP_OWNER_EMAIL: {
    text: '`owner@team-access.local`',
    file: 'apps/iam/src/bootstrap.ts',
    code: "DEFAULT_OWNER_EMAIL = 'owner@team-access.local'",
  },
};
/** Where the tooling (tests, benchmarks, scripts) reads its variables. */
const TOOLING = ['scripts', 'apps/web/e2e', 'apps/iam/src/testing', 'apps/bff/src/testing', 'playwright.config.ts'];

interface Row {
  names: string[];
  usedBy: string;
  defaultText: string;
}

function configurationTable(): Row[] {
  const markdown = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => /^\|\s*variable\s*\|\s*used by\s*\|\s*default\s*\|/.test(line));
  expect(header, 'the table header "| variable | used by | default | meaning |"').toBeGreaterThan(-1);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [variable = '', usedBy = '', defaultText = ''] = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.push({ names: [...variable.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1] as string), usedBy, defaultText });
  }
  return rows;
}

function usedBy(row: Row, server: Server): boolean {
  return row.usedBy === server || row.usedBy === 'both';
}

/** The schema's default for an unset variable, as the table writes it; undefined when it has none. */
function schemaDefault(server: Server, name: string): string | undefined {
  const field = (SERVERS[server] as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>)[
    name
  ];
  const parsed = field?.safeParse(undefined);
  if (!parsed?.success || parsed.data === undefined) return undefined;
  const value = String(parsed.data);
  return path.isAbsolute(value) ? path.relative(root, value) : value;
}

function toolingSource(): string {
  const read = (entry: string): string[] => {
    const full = path.join(root, entry);
    if (fs.statSync(full).isFile()) return [fs.readFileSync(full, 'utf8')];
    return fs.readdirSync(full).flatMap((name) => (/\.(ts|mjs)$/.test(name) ? read(path.join(entry, name)) : []));
  };
  return TOOLING.flatMap(read).join('\n');
}

describe('docs/configuration.md', () => {
  const rows = configurationTable();

  it('when a row is read, then it names variables and says who uses them', () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row.names.length, JSON.stringify(row)).toBeGreaterThan(0);
      expect(USED_BY, row.names.join(', ')).toContain(row.usedBy);
    }
  });

  for (const server of Object.keys(SERVERS) as Server[]) {
    it(`when the ${server} schema is compared, then the table lists exactly the variables it reads`, () => {
      const documented = rows.filter((row) => usedBy(row, server)).flatMap((row) => row.names);
      expect([...documented].sort()).toEqual(Object.keys(SERVERS[server]).sort());
    });

    it(`when the ${server} schema has a default, then the table shows it`, () => {
      for (const row of rows.filter((r) => usedBy(r, server))) {
        for (const name of row.names) {
          const fallback = schemaDefault(server, name);
          if (fallback !== undefined) expect(row.defaultText, name).toContain(`\`${fallback}\``);
        }
      }
    });
  }

  it('when no schema has a default, then the table says unset (or how the default is derived)', () => {
    for (const row of rows.filter((r) => usedBy(r, 'iam') || usedBy(r, 'bff'))) {
      for (const name of row.names) {
        const servers = (Object.keys(SERVERS) as Server[]).filter((server) => usedBy(row, server));
        if (servers.some((server) => schemaDefault(server, name) !== undefined)) continue;
        const derived = DERIVED[name];
        if (derived) {
          expect(row.defaultText, name).toContain(derived.text);
          expect(fs.readFileSync(path.join(root, derived.file), 'utf8'), derived.file).toContain(derived.code);
        } else expect(row.defaultText, name).toMatch(/^unset/);
      }
    }
  });

  it('when a variable is for the tests or benchmarks, then the tooling reads it', () => {
    const source = toolingSource();
    for (const row of rows.filter((r) => r.usedBy === 'tests' || r.usedBy === 'bench')) {
      for (const name of row.names) expect(source, name).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });
});
