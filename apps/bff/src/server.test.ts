import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { basicAuth, TEST_CREDENTIALS, TEST_OWNER } from '@team-access/iam/testing';
import { describe, expect, it } from 'vitest';
import { startIamOnOwnDatabase } from './testing/harness.ts';
import { freePort, requestAcrossSigterm, startServerProcess, waitUntil } from './testing/shutdown.ts';

const APPS = path.resolve(import.meta.dirname, '../..');
const answers = (url: string) => () =>
  fetch(url).then(
    (r) => r.ok,
    () => false,
  );

describe('graceful shutdown on SIGTERM', () => {
  it('when the BFF gets SIGTERM mid-request, then it stops accepting, finishes the request, and exits 0', async () => {
    const iam = await startIamOnOwnDatabase();
    const port = await freePort();
    const child = startServerProcess(path.join(APPS, 'bff'), {
      PORT: String(port),
      IAM_BASE_URL: iam.url,
      API_KEY: TEST_CREDENTIALS.apiKey,
      API_SECRET: TEST_CREDENTIALS.apiSecret,
      REDIS_URL: '',
      NODE_ENV: 'test',
    });
    try {
      await waitUntil(answers(`http://127.0.0.1:${port}/healthz`));
      const result = await requestAcrossSigterm(child, port, {
        path: '/api/session',
        headers: { 'content-type': 'application/json', 'x-csrf': '1' },
        body: JSON.stringify(TEST_OWNER),
      });
      expect(result).toEqual({ status: 200, exitCode: 0 });
    } finally {
      child.kill('SIGKILL');
      await iam.close();
    }
  });

  it('when the IAM API gets SIGTERM mid-request, then it stops accepting, finishes the request, and exits 0', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iam-shutdown-'));
    const port = await freePort();
    const child = startServerProcess(path.join(APPS, 'iam'), {
      IAM_PORT: String(port),
      DATA_DIR: dataDir,
      API_KEY: TEST_CREDENTIALS.apiKey,
      API_SECRET: TEST_CREDENTIALS.apiSecret,
      IAM_BOOTSTRAP_OWNER_EMAIL: TEST_OWNER.email,
      IAM_BOOTSTRAP_OWNER_PASSWORD: TEST_OWNER.password,
      DATABASE_URL: '',
      NODE_ENV: 'test',
    });
    try {
      await waitUntil(answers(`http://127.0.0.1:${port}/readyz`));
      const result = await requestAcrossSigterm(child, port, {
        path: '/v2/client/auth/sign-in',
        headers: { 'content-type': 'application/json', authorization: basicAuth() },
        body: JSON.stringify(TEST_OWNER),
      });
      expect(result).toEqual({ status: 200, exitCode: 0 });
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
