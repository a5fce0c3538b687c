import { AxeBuilder } from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { Mailbox } from './mailbox.ts';

/** The owner the e2e server bootstraps (playwright.config.ts passes these to the IAM API). */
export const E2E_OWNER = {
  email: 'e2e-owner@example.com',
  password: 'e2e owner password, long enough',
};
/** Where the setup project (auth.setup.ts) keeps one signed-in browser state per role. */
const AUTH_DIR = `test-results${process.env.E2E_PORT ? `-${process.env.E2E_PORT}` : ''}/.auth`;
export const OWNER_STORAGE_STATE = `${AUTH_DIR}/owner.json`;
export const ADMIN_STORAGE_STATE = `${AUTH_DIR}/admin.json`;
export const MEMBER_STORAGE_STATE = `${AUTH_DIR}/member.json`;
/**
 * The ADMIN (holding only Ignite) and the MEMBER (no permissions) the setup project creates and
 * signs in once, for the specs that only look at what such a user is offered. A spec that changes
 * its user (a password, a role) creates one of its own instead.
 */
export const E2E_ADMIN = {
  email: 'e2e-admin@example.com',
  firstName: 'Ada',
  lastName: 'Admin',
  role: 'ADMIN',
  permissions: { ignite: true },
} as const;
export const E2E_MEMBER = { email: 'e2e-member@example.com', firstName: 'Morgan', lastName: 'Member' } as const;

/** The BFF's port of this run (E2E_PORT); the run's other ports are derived from it. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/** The mail catcher's ports (mail-catcher.mjs): SMTP for the IAM API, HTTP for the tests. */
export function mailCatcherPorts(port: number) {
  return { smtp: port + 25, http: port + 26 };
}
export const MAIL_CATCHER_URL = `http://127.0.0.1:${mailCatcherPorts(E2E_PORT).http}`;

/**
 * The run's throw-away PostgreSQL database (iam_e2e_<port>, recreated by e2e-database.mjs before
 * each run) on the server of TEST_DATABASE_URL; null without it, and the IAM API uses PGlite.
 */
export function e2eDatabaseUrl(port: number): string | null {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return null;
  const url = new URL(admin);
  url.pathname = `/iam_e2e_${port}`;
  return url.toString();
}

/**
 * The environment of an end-to-end system: production mode, its own ports and data folder, the
 * e2e owner, its own mail server and database when given, and nothing inherited that would point it
 * elsewhere (credentials, databases, an IAM URL, a mail server).
 */
export function e2eServerEnv(options: {
  port: number;
  iamPort: number;
  dataDir: string;
  logLevel: string;
  smtpUrl?: string;
  databaseUrl?: string | null;
}) {
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
    DATABASE_URL: options.databaseUrl ?? '',
    REDIS_URL: '',
    IAM_BASE_URL: '',
    SMTP_URL: options.smtpUrl ?? '',
    // The two-step key is generated into this run's DATA_DIR, like its credentials.
    MFA_ENCRYPTION_KEY: '',
    // Every test calls from one address: the public-route limit is for the wide world, not this run.
    PUBLIC_RATE_LIMIT: '10000',
    // Links in mail point at this run's BFF (serve.mjs would derive the same from PORT).
    APP_URL: `http://localhost:${options.port}`,
  };
}

/** The WCAG levels axe checks: 2.0 to 2.2, A and AA (2.2 AA adds target size, 2.5.8). */
/** A short random token that keeps one run's names apart from another's (and from earlier runs). */
export const unique = () => Math.random().toString(36).slice(2, 8);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Waits until no finite animation or transition runs: a dialog fading in, an alert sliding down.
 * axe measures colours as they are painted, so a button caught mid-fade reads as low contrast.
 * Endless ones (a spinner, a skeleton's pulse) are not waited for.
 */
export async function animationsSettled(page: Page) {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY),
  );
}

/** Runs axe on the page in the theme it shows, once its animations are done, and returns the violations. */
export async function axeViolations(page: Page) {
  await animationsSettled(page);
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Sets the system colour scheme, as a phone or desktop setting does, and waits for the app to follow. */
export async function switchTheme(page: Page, theme: Theme) {
  await page.emulateMedia({ colorScheme: theme });
  await expect(page.locator('html')).toHaveClass(new RegExp(`\\b${theme}\\b`));
}

/**
 * axe on the page as it stands, in the light and then the dark theme. The app follows the system
 * colour scheme at once (a class on <html> switches MUI's CSS variables), so one page state, dialog
 * or open menu serves both themes instead of building it twice. Ends in the light theme. Returns
 * the violations by theme: `{}` when there are none.
 */
export async function axeInBothThemes(page: Page) {
  const found: Partial<Record<Theme, Awaited<ReturnType<typeof axeViolations>>>> = {};
  for (const theme of THEMES) {
    await switchTheme(page, theme);
    const violations = await axeViolations(page);
    if (violations.length > 0) found[theme] = violations;
  }
  await switchTheme(page, 'light');
  return found;
}

export const test = base.extend<{ mailbox: Mailbox }>({
  /** The mail the system sends from now on (waitForMail), through the run's mail catcher. */
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's own fixtures from this pattern
  mailbox: async ({}, use) => {
    const mailbox = new Mailbox(MAIL_CATCHER_URL);
    await mailbox.skipExisting();
    await use(mailbox);
  },
});
export { expect };
