import { afterAll, beforeAll } from 'vitest';
import { type IamClient, iamClient } from './client.ts';
import type { TestDatabase } from './databases.ts';
import { startTestIam, type TestIam } from './harness.ts';

/**
 * The usual suite set-up: a fresh database of this kind and an IAM API over it for the suite's
 * tests, with a client; both gone after the last test. Read `iam` and `api` inside tests only.
 */
export function useTestIam(database: TestDatabase): { readonly iam: TestIam; readonly api: IamClient } {
  let iam: TestIam | undefined;
  let api: IamClient | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db);
    api = iamClient(iam.url);
  });
  afterAll(async () => {
    await iam?.close();
    await drop?.();
  });
  return {
    get iam() {
      if (!iam) throw new Error('useTestIam: read iam inside a test');
      return iam;
    },
    get api() {
      if (!api) throw new Error('useTestIam: read api inside a test');
      return api;
    },
  };
}
