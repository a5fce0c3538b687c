import { type Organization, routeList, type User } from '@team-access/contract';
import { describe, expect, it } from 'vitest';
import type { IamClient } from './client.ts';

/** One row of an authorization table: a call, and the status each actor gets, in the actors' order. */
export interface TableRow<F> {
  /** The contract route (operationId) the row calls. */
  route: string;
  label: string;
  expected: readonly number[];
  request(f: F): { method: string; path: string; body?: unknown };
}

interface Answer {
  status: number;
  headers: Headers;
  json: unknown;
}

export interface TableRun<F, A extends string, R extends TableRow<F>> {
  actors: readonly A[];
  /** A fresh fixture per call, so every call starts alike. */
  fixture(): Promise<F>;
  /** The tenant's state, to tell whether the call changed it. */
  snapshot(): Promise<string>;
  call(actor: A, request: ReturnType<R['request']>): Promise<Answer>;
  /** Whether the call, answered this way, must have changed the state. */
  changes(row: R, actor: A, request: ReturnType<R['request']>, answer: Answer): boolean;
  /** More checks on the answer (what a list shows this actor). */
  check?(row: R, actor: A, answer: Answer, f: F): void;
}

/** The table's rows call exactly these contract routes, each at least once. */
export function expectTableCovers(table: { route: string }[], covers: (route: (typeof routeList)[number]) => boolean) {
  const covered = new Set(table.map((row) => row.route));
  const contract = routeList.filter(covers).map((r) => r.operationId);
  expect([...covered].sort()).toEqual([...contract].sort());
}

/**
 * One test per row and actor: the status is the expected one, the state changed exactly when the
 * call may change it, and every refusal is problem+json.
 */
export function describeAuthorizationTable<F, A extends string, R extends TableRow<F>>(
  table: R[],
  run: TableRun<F, A, R>,
): void {
  describe.each(table)('$label ($route)', (row) => {
    it.each(run.actors.map((actor, i) => [actor, row.expected[i] as number] as const))(
      'when %s calls, then %i',
      async (actor, status) => {
        const f = await run.fixture();
        const request = row.request(f) as ReturnType<R['request']>;
        const before = await run.snapshot();
        const res = await run.call(actor, request);
        expect(res.status, JSON.stringify(res.json)).toBe(status);
        const after = await run.snapshot();
        if (run.changes(row, actor, request, res)) expect(after).not.toBe(before);
        else expect(after).toBe(before);
        if (status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
        run.check?.(row, actor, res, f);
      },
    );
  });
}

/**
 * The tables' two organizations, made server-to-server: X, owned by `xOwner` and administered by
 * `xAdmin`, and Y, administered by `yAdmin`.
 */
export async function organizationsXAndY(
  api: IamClient,
  tag: string,
  users: { xOwner: User; xAdmin: User; yAdmin: User },
): Promise<{ x: Organization; y: Organization }> {
  const x: Organization = await api.arrange('POST', '/v2/client/organizations', {
    name: `${tag} X`,
    ownerUserId: users.xOwner.id,
  });
  const y: Organization = await api.arrange('POST', '/v2/client/organizations', { name: `${tag} Y` });
  await api.arrange('POST', `/v2/client/organizations/${x.id}/members`, {
    userId: users.xAdmin.id,
    orgRole: 'ORG_ADMIN',
  });
  await api.arrange('POST', `/v2/client/organizations/${y.id}/members`, {
    userId: users.yAdmin.id,
    orgRole: 'ORG_ADMIN',
  });
  return { x, y };
}
