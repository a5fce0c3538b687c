import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const base = { API_KEY: 'key-12345678', API_SECRET: 'a-secret-of-sixteen-characters' };

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('BFF configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ port: 3000, iamBaseUrl: 'http://127.0.0.1:4000', trustProxy: false });
    expect(config.secureCookies).toBe(false);
  });

  it('defaults to a 30-minute idle timeout, a 12-hour lifetime and sign-in limits, each configurable', () => {
    expect(loadConfig(base)).toMatchObject({
      sessionIdleTimeoutMs: 30 * 60_000,
      sessionAbsoluteTimeoutMs: 12 * 60 * 60_000,
      signInLimits: { maxPerAccount: 10, maxPerIp: 100, windowMs: 15 * 60_000 },
    });
    const tuned = loadConfig({
      ...base,
      SESSION_IDLE_TIMEOUT_MS: '600000',
      SESSION_ABSOLUTE_TIMEOUT_MS: '3600000',
      SIGN_IN_ACCOUNT_LIMIT: '5',
      SIGN_IN_IP_LIMIT: '20',
      SIGN_IN_WINDOW_MS: '60000',
    });
    expect(tuned).toMatchObject({
      sessionIdleTimeoutMs: 600_000,
      sessionAbsoluteTimeoutMs: 3_600_000,
      signInLimits: { maxPerAccount: 5, maxPerIp: 20, windowMs: 60_000 },
    });
  });

  it('defaults to 100 calls per address in 15 minutes on public routes, configurable', () => {
    expect(loadConfig(base).publicRateLimits).toEqual({ maxPerIp: 100, windowMs: 15 * 60_000 });
    expect(loadConfig({ ...base, PUBLIC_RATE_LIMIT: '5', PUBLIC_RATE_WINDOW_MS: '60000' }).publicRateLimits).toEqual({
      maxPerIp: 5,
      windowMs: 60_000,
    });
  });

  it("when APP_URL is unset, then the allowed origins are the BFF's own port on localhost and 127.0.0.1", () => {
    expect(loadConfig({ ...base, PORT: '3100' }).allowedOrigins).toEqual([
      'http://localhost:3100',
      'http://127.0.0.1:3100',
    ]);
  });

  it('when APP_URL and ALLOWED_ORIGINS are set, then exactly their origins are allowed', () => {
    const config = loadConfig({
      ...base,
      APP_URL: 'https://team.example.com/app/',
      ALLOWED_ORIGINS: ' http://localhost:5173 , https://admin.example.com:8443 ',
    });
    expect(config.allowedOrigins).toEqual([
      'https://team.example.com',
      'http://localhost:5173',
      'https://admin.example.com:8443',
    ]);
  });

  it('when TRUST_PROXY is unset, then no forwarded header is trusted, from loopback either', () => {
    expect(loadConfig(base).trustProxy).toBe(false);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
  ])('reads TRUST_PROXY=%s as Express expects it', (value, expected) => {
    expect(loadConfig({ ...base, TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ IAM_BASE_URL: 'not a url' }, 'IAM_BASE_URL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'SESSION_SECRET'],
    [{ API_SECRET: '' }, 'API_SECRET'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ APP_URL: 'ftp://team.example.com' }, 'APP_URL'],
    [{ ALLOWED_ORIGINS: 'http://localhost:5173,not an origin' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: 'https://team.example.com/app' }, 'ALLOWED_ORIGINS'],
    [{ SESSION_IDLE_TIMEOUT_MS: '0' }, 'SESSION_IDLE_TIMEOUT_MS'],
    [{ SIGN_IN_ACCOUNT_LIMIT: 'many' }, 'SIGN_IN_ACCOUNT_LIMIT'],
    [{ PUBLIC_RATE_LIMIT: '0' }, 'PUBLIC_RATE_LIMIT'],
    [{ PUBLIC_RATE_WINDOW_MS: 'soon' }, 'PUBLIC_RATE_WINDOW_MS'],
  ])('refuses %o, naming %s', (env, name) => {
    expect(configError({ ...base, ...env }).message).toContain(name);
  });

  it('reads the first-run credentials the IAM API saved under DATA_DIR', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-config-'));
    fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify({ apiKey: 'k', apiSecret: 's' }));
    expect(loadConfig({ DATA_DIR: dir })).toMatchObject({ apiKey: 'k', apiSecret: 's' });
    fs.rmSync(dir, { recursive: true });
  });

  it('says what to do when there are neither credentials nor a credentials file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-config-'));
    expect(configError({ DATA_DIR: dir }).message).toMatch(/API_KEY|credentials/);
    fs.rmSync(dir, { recursive: true });
  });
});
