import type { User } from '@team-access/contract';
import { afterAll, beforeAll } from 'vitest';
import { type IamClient, iamClient } from './client.ts';
import type { TestDatabase } from './databases.ts';
import { startTestIam, TEST_OWNER, type TestIam } from './harness.ts';

export interface TestIamSuite {
  readonly iam: TestIam;
  readonly api: IamClient;
}

/** What `ready` gets: also the database's URL on PostgreSQL (for a second connection in race tests). */
export interface ReadyTestIam extends TestIamSuite {
  readonly databaseUrl: string | undefined;
}

/**
 * The usual suite set-up: a fresh database of this kind and an IAM API over it for the suite's
 * tests, with a client; both gone after the last test. Read `iam` and `api` inside tests only.
 * `ready`, if given, gets them as soon as they are up (for suites that keep their own variables).
 */
export function useTestIam(database: TestDatabase, ready?: (suite: ReadyTestIam) => void): TestIamSuite {
  let iam: TestIam | undefined;
  let api: IamClient | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    iam = await startTestIam(created.db);
    api = iamClient(iam.url);
    ready?.({ iam, api, databaseUrl: created.url });
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

export interface OwnerSuite extends TestIamSuite {
  /** The seeded OWNER's session token and user. */
  readonly ownerToken: string;
  readonly owner: User;
}

/** `useTestIam` with the seeded OWNER signed in. */
export function useTestIamAsOwner(database: TestDatabase, ready?: (suite: OwnerSuite) => void): OwnerSuite {
  const suite = useTestIam(database);
  let signedIn: { token: string; user: User } | undefined;
  beforeAll(async () => {
    const token = await suite.api.signIn(TEST_OWNER.email, TEST_OWNER.password);
    signedIn = { token, user: (await suite.api.call('GET', '/v2/client/auth/me', { token })).json };
    ready?.({ iam: suite.iam, api: suite.api, ownerToken: token, owner: signedIn.user });
  });
  const owner = () => {
    if (!signedIn) throw new Error('useTestIamAsOwner: read the owner inside a test');
    return signedIn;
  };
  return {
    get iam() {
      return suite.iam;
    },
    get api() {
      return suite.api;
    },
    get ownerToken() {
      return owner().token;
    },
    get owner() {
      return owner().user;
    },
  };
}
