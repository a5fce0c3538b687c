import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/** The owner the e2e server bootstraps (playwright.config.ts passes these to the IAM API). */
export const E2E_OWNER = {
  email: 'e2e-owner@example.com',
  password: 'e2e owner password, long enough',
};
export const OWNER_STORAGE_STATE = `test-results${process.env.E2E_PORT ? `-${process.env.E2E_PORT}` : ''}/.auth/owner.json`;

/** Runs axe on the page (both themes are checked by the callers) and returns the violations. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export const test = base;
export { expect };
