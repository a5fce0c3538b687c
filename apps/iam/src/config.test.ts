import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('IAM configuration', () => {
  it('when nothing is set, then the embedded defaults apply', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, nodeEnv: 'development' });
    expect(config.dataDir).toMatch(/\.data$/);
    expect(config).toMatchObject({ appUrl: 'http://localhost:3000', smtpUrl: undefined });
    expect(config.mailFrom).toContain('Team Access');
  });

  it('when APP_URL has a trailing slash, then links are built without a double slash', () => {
    expect(loadConfig({ APP_URL: 'https://team.example.com/' }).appUrl).toBe('https://team.example.com');
  });

  it('when APP_URL or SMTP_URL is not a URL of their kind, then start-up fails naming them', () => {
    const bad = () => loadConfig({ APP_URL: 'ftp://x', SMTP_URL: 'http://mail' });
    expect(bad).toThrow(/APP_URL/);
    expect(bad).toThrow(/SMTP_URL/);
  });

  it('when a variable is bad, then start-up fails naming it and not echoing its value', () => {
    expect(() => loadConfig({ IAM_PORT: 'abc', DATABASE_URL: 'mysql://secret-host' })).toThrow(
      /IAM_PORT[\s\S]*DATABASE_URL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://secret-host' })).not.toThrow(/secret-host/);
  });

  it('when only one of API_KEY and API_SECRET is set, then start-up fails naming the other', () => {
    expect(() => loadConfig({ API_KEY: 'ak_only_the_key' })).toThrow(/API_SECRET/);
  });

  it('when AUDIT_RETENTION_DAYS is unset, then every audit event is kept; a whole number of days sets it; anything else fails naming it', () => {
    expect(loadConfig({}).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '' }).auditRetentionDays).toBeUndefined();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '365' }).auditRetentionDays).toBe(365);
    for (const bad of ['0', '-1', '1.5', 'forever']) {
      expect(() => loadConfig({ AUDIT_RETENTION_DAYS: bad })).toThrow(/AUDIT_RETENTION_DAYS/);
    }
  });

  it('when JOB_RETENTION_DAYS is unset, then finished jobs are kept 30 days; a whole number of days sets it; anything else fails naming it', () => {
    expect(loadConfig({}).jobRetentionDays).toBe(30);
    expect(loadConfig({ JOB_RETENTION_DAYS: '' }).jobRetentionDays).toBe(30);
    expect(loadConfig({ JOB_RETENTION_DAYS: '7' }).jobRetentionDays).toBe(7);
    for (const bad of ['0', '-1', '1.5', 'forever']) {
      expect(() => loadConfig({ JOB_RETENTION_DAYS: bad })).toThrow(/JOB_RETENTION_DAYS/);
    }
  });
});
