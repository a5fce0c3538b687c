// `pnpm bench:api-keys`: what an API key costs a call, next to the tenant's API_KEY/API_SECRET.
// Starts the IAM API on PostgreSQL (BENCH_DATABASE_URL, default the local server) over a
// throw-away database, makes 1,000 keys for the tenant (so the key is found by its index among
// others), then times GET /v2/client/roles sequentially with the tenant's pair and with one key
// (alternating, after untimed warm-up requests) and prints median and p99 of each, with the load
// average. Not a test: figures depend on the machine (ADR 048: one statement either way).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib.mjs';
import { benchSystemOnOwnDatabase } from './system.mjs';

const require = createRequire(path.join(root, 'apps/iam/package.json'));
const pg = require('pg');

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PORT = Number(process.env.BENCH_IAM_PORT ?? 4370);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1000);
const KEYS = 1000;
const WARM_UP = 50;
const print = (line = '') => process.stdout.write(`${line}\n`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const { system, auth, credentials, databaseUrl, cleanup } = await benchSystemOnOwnDatabase({
  name: 'bench-api-keys',
  iamPort: PORT,
  adminUrl: ADMIN_URL,
});

try {
  await system.startIam();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const [{ id: tenantId }] = (await db.query('select id from tenants where api_key = $1', [credentials.apiKey])).rows;
  const secret = `tas_${randomBytes(32).toString('base64url')}`;
  const keyId = `tak_${randomBytes(16).toString('base64url')}`;
  // 999 other keys, then the one used, as the console makes them (the SHA-256 of the secret).
  await db.query(
    `insert into api_keys (id, tenant_id, key_id, name, secret_hash, scopes, created_by_name)
     select gen_random_uuid(), $1, 'tak_other_' || g, 'other ' || g, sha256(('s' || g)::bytea), '{roles:read}', 'bench'
       from generate_series(1, $2::int - 1) g`,
    [tenantId, KEYS],
  );
  await db.query(
    `insert into api_keys (id, tenant_id, key_id, name, secret_hash, scopes, created_by_name)
     values ($1, $2, $3, 'bench', $4, '{roles:read}', 'bench')`,
    [randomUUID(), tenantId, keyId, createHash('sha256').update(secret).digest()],
  );
  await db.query('analyze api_keys');
  await db.end();

  const url = `http://127.0.0.1:${PORT}/v2/client/roles`;
  const keyAuth = `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`;
  const ask = async (authorization) => {
    const response = await fetch(url, { headers: { authorization } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`roles: ${response.status}`);
  };
  for (let i = 0; i < WARM_UP; i++) {
    await ask(auth);
    await ask(keyAuth);
  }
  print(
    `GET /v2/client/roles, PostgreSQL, ${KEYS} keys in the tenant, ${ROUNDS} sequential requests each (alternating) after ${WARM_UP} untimed; load average ${load()}`,
  );
  const samples = { 'tenant API_KEY/API_SECRET': [], 'API key (roles:read)': [] };
  const [pair, key] = Object.values(samples);
  for (let i = 0; i < ROUNDS; i++) {
    let t0 = performance.now();
    await ask(auth);
    pair.push(performance.now() - t0);
    t0 = performance.now();
    await ask(keyAuth);
    key.push(performance.now() - t0);
  }
  for (const [name, list] of Object.entries(samples)) {
    list.sort((a, b) => a - b);
    const p = (q) => list[Math.min(list.length - 1, Math.floor(q * list.length))].toFixed(2);
    print(`${name.padEnd(28)} median ${p(0.5)} ms   p99 ${p(0.99)} ms   max ${p(1)} ms`);
  }
  print(`\nLoad average at the end: ${load()}`);
} finally {
  await cleanup();
}
