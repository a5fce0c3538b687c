import fs from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { ACCESS_TOKEN_ISSUER_DEFAULT } from '@team-access/contract';
import { prettyDestination, resolveLogFormat, runService, startHttpService } from '@team-access/http-server';
import { createApp } from './app.ts';
import { withBackupRoute } from './backup-route.ts';
import { bootstrap, resolveCredentials } from './bootstrap.ts';
import { type IamConfig, loadConfig } from './config.ts';
import { type Db, openDatabase } from './db/client.ts';
import { StartupError } from './db/data-dir.ts';
import { migrate } from './db/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
import { createAuditRetention } from './modules/audit/retention.ts';
import { bulkJobHandler } from './modules/bulk/job.ts';
import { BULK_JOB_KIND } from './modules/bulk/job-payload.ts';

/** Members per bulk chunk on PGlite (one transaction at a time): short enough for the screens' requests. */
const PGLITE_BULK_CHUNK = 25;

import { INVITATION_RESEND_JOB_KIND } from './modules/invitations/bulk-resend.ts';
import { invitationResendJobHandler } from './modules/invitations/resend-job.ts';
import { createJobRunner } from './modules/jobs/runner.ts';
import { createMailDispatcher } from './modules/mail/dispatcher.ts';
import { withRotateRoute } from './modules/tokens/routes.ts';
import { resolveMfaKey } from './security/secret-box.ts';

export interface RunningIam {
  server: Server;
  db: Db;
  url: string;
  tenantId: string;
  stop(): Promise<void>;
}

/** Where the first run keeps the generated owner password for the owner alone (mode 600). */
export const FIRST_RUN_FILE = 'first-run-owner.txt';

/**
 * The first run's owner account, on the terminal, and (a generated password) in a file only the
 * owner can read, so it survives the terminal scrolling: the banner prints its path.
 */
export async function announceFirstRun(
  owner: { email: string; password: string; generatedPassword: boolean },
  dataDir: string,
): Promise<string | undefined> {
  let file: string | undefined;
  if (owner.generatedPassword) {
    file = path.resolve(dataDir, FIRST_RUN_FILE);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(
      file,
      `Team Access: the first owner account\nemail:    ${owner.email}\npassword: ${owner.password}\n\nSign in, change the password, then delete this file.\n`,
      { mode: 0o600 },
    );
    // An existing file keeps its mode through writeFile: set it.
    await fs.chmod(file, 0o600);
  }
  printFirstRunBanner(owner, file);
  return file;
}

function printFirstRunBanner(
  owner: { email: string; password: string; generatedPassword: boolean },
  file: string | undefined,
): void {
  const lines = [
    '',
    '┌──────────────────────────────────────────────────────────────────────┐',
    '  Team Access: first run. An owner account was created:',
    `    email:    ${owner.email}`,
    owner.generatedPassword
      ? `    password: ${owner.password}   (keep it safe)`
      : '    password: the one in IAM_BOOTSTRAP_OWNER_PASSWORD',
    ...(file ? [`    also in:  ${file}   (readable by you only; delete it after signing in)`] : []),
    '└──────────────────────────────────────────────────────────────────────┘',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The process's logger: JSON, or readable lines on a terminal (`LOG_FORMAT`). */
function iamLogger(config: IamConfig): Logger {
  const format = resolveLogFormat(config.logFormat);
  return createLogger(config.logLevel, 'iam', format === 'pretty' ? prettyDestination() : undefined);
}

/** Opens the database, applies migrations, bootstraps the tenant and owner, and listens. */
export async function startIam(config: IamConfig, logger: Logger = iamLogger(config)): Promise<RunningIam> {
  // The credentials file first (a few ms): a BFF started beside this process reads it while the
  // database is still opening (ADR 030).
  // performance.now() counts from the process's start: the first lap is Node and the bundle.
  let t = 0;
  const lap = (step: string) => {
    const now = performance.now();
    logger.debug({ step, ms: Math.round(now - t) }, `start: ${step}`);
    t = now;
  };
  lap('node and bundle loaded');
  const credentials = await resolveCredentials(config);
  if (credentials.generated) logger.info({ dataDir: config.dataDir }, 'generated client credentials under DATA_DIR');
  lap('credentials');
  const db = await openDatabase(config);
  lap(db.kind === 'pglite' ? 'PGlite open' : 'PostgreSQL pool');
  try {
    await migrate(db);
    lap('migrations');
    const boot = await bootstrap(
      db,
      credentials,
      { email: config.bootstrapOwnerEmail, password: config.bootstrapOwnerPassword },
      logger,
    );
    if (boot.owner) await announceFirstRun(boot.owner, config.dataDir);
    lap('bootstrap');

    const mfaKey = await resolveMfaKey(config);
    if (mfaKey.generated) logger.info({ dataDir: config.dataDir }, 'generated the two-step secret key under DATA_DIR');
    const app = createApp({
      db,
      logger,
      appUrl: config.appUrl,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      maxInFlight: config.maxInFlight,
      mfaKey: mfaKey.key,
      logFormat: resolveLogFormat(config.logFormat),
      accessTokens: {
        issuer: config.publicUrl ?? ACCESS_TOKEN_ISSUER_DEFAULT,
        ttlSeconds: config.accessTokenTtlSeconds,
      },
    });
    const mail = createMailDispatcher({ db, logger, smtpUrl: config.smtpUrl, from: config.mailFrom });
    const retention = createAuditRetention({ db, logger, days: config.auditRetentionDays });
    const jobs = createJobRunner({
      db,
      logger,
      handlers: {
        [BULK_JOB_KIND]: bulkJobHandler({
          appUrl: config.appUrl,
          ...(db.kind === 'pglite' ? { chunk: PGLITE_BULK_CHUNK } : {}),
        }),
        [INVITATION_RESEND_JOB_KIND]: invitationResendJobHandler({
          appUrl: config.appUrl,
          ...(db.kind === 'pglite' ? { chunk: PGLITE_BULK_CHUNK } : {}),
        }),
      },
      // PGlite: as much rest as work between chunks, so the screens stay answered while a job runs.
      ...(db.kind === 'pglite' ? { restRatio: 1 } : {}),
      retentionDays: config.jobRetentionDays,
    });
    const { server, port, stop } = await startHttpService(
      withRotateRoute(withBackupRoute(app, { db, credentials, logger }), { db, credentials, logger }),
      {
        requestTimeoutMs: config.requestTimeoutMs,
        maxConnections: config.maxConnections,
        port: config.port,
        host: config.host,
        logger,
        release: async () => {
          await mail.stop();
          await retention.stop();
          await jobs.stop();
          await db.close();
        },
      },
    );
    lap('listen');
    const url = `http://127.0.0.1:${port}`;
    logger.info({ url, database: db.kind }, 'IAM API listening');
    mail.start();
    retention.start();
    jobs.start();
    return { server, db, url, tenantId: boot.tenantId, stop };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

async function main(): Promise<void> {
  await runService({
    loadConfig,
    createLogger: iamLogger,
    start: startIam,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    if (error instanceof StartupError) {
      process.stderr.write(`IAM API cannot start: ${error.message}\n`);
      process.exit(2);
    }
    const detail = error instanceof Error ? error.stack : (JSON.stringify(error) ?? String(error));
    process.stderr.write(`IAM API failed to start: ${detail}\n`);
    process.exit(1);
  });
}
