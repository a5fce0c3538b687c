import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/** The owner the e2e server bootstraps (playwright.config.ts passes these to the IAM API). */
export const E2E_OWNER = {
  email: 'e2e-owner@example.com',
  password: 'e2e owner password, long enough',
};
export const OWNER_STORAGE_STATE = `test-results${process.env.E2E_PORT ? `-${process.env.E2E_PORT}` : ''}/.auth/owner.json`;

/**
 * The environment of an end-to-end system: production mode, its own ports and data folder, the
 * e2e owner, and nothing inherited that would point it elsewhere (credentials, databases, an IAM URL).
 */
export function e2eServerEnv(options: { port: number; iamPort: number; dataDir: string; logLevel: string }) {
  return {
    NODE_ENV: 'production',
    PORT: String(options.port),
    IAM_PORT: String(options.iamPort),
    DATA_DIR: options.dataDir,
    LOG_LEVEL: options.logLevel,
    IAM_BOOTSTRAP_OWNER_EMAIL: E2E_OWNER.email,
    IAM_BOOTSTRAP_OWNER_PASSWORD: E2E_OWNER.password,
    API_KEY: '',
    API_SECRET: '',
    DATABASE_URL: '',
    REDIS_URL: '',
    IAM_BASE_URL: '',
  };
}

/** Runs axe on the page (both themes are checked by the callers) and returns the violations. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export const test = base;
export { expect };
