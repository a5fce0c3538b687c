import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bootstrap } from '../../bootstrap.ts';
import type { Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createLogger } from '../../logger.ts';
import { testDatabases } from '../../testing/databases.ts';
import { TEST_CREDENTIALS, TEST_OWNER } from '../../testing/harness.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../testing/smtp.ts';
import { createMailDispatcher, describeSmtpUrl, MAIL_MAX_ATTEMPTS } from './dispatcher.ts';
import { enqueueMail, notifyMailQueued } from './outbox.ts';
import { invitationMail, passwordResetMail } from './templates.ts';

const LINK = 'http://localhost:3000/invitations/accept#token=abcdefghijklmnopqrstuvwxyz0123456789';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

interface OutboxRow {
  status: string;
  attempts: number;
  text_body: string | null;
  html_body: string | null;
  last_error: string | null;
  sent_at: Date | null;
}

describe.each(testDatabases)('the mail outbox on $name', (database) => {
  let db: Db;
  let drop: () => Promise<void>;
  let tenantId: string;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    const created = await database.create();
    db = created.db;
    drop = created.drop;
    await migrate(db);
    tenantId = (await bootstrap(db, TEST_CREDENTIALS, TEST_OWNER, createLogger('silent', 'test'))).tenantId;
    smtp = await startSmtpCatcher();
  });
  afterAll(async () => {
    await smtp?.close();
    await drop?.();
  });
  beforeEach(async () => {
    await db.query('delete from mail_outbox');
    smtp.messages.length = 0;
    smtp.refuse = false;
  });
  afterEach(() => {
    smtp.refuse = false;
  });

  const queueInvitation = (to: string, inviterName: string | null = 'Olivia Owner') =>
    enqueueMail(db, {
      tenantId,
      kind: 'invitation',
      to,
      ...invitationMail({
        inviterName,
        tenantName: 'Acme',
        organizationName: 'Acme News',
        organizationRole: 'ORG_ADMIN',
        link: LINK,
        expiresAt: new Date('2030-01-02T03:04:00Z'),
      }),
    });
  const row = async (id: string) =>
    (await db.query<OutboxRow>('select * from mail_outbox where id = $1', [id]))[0] as OutboxRow;

  it('when SMTP_URL is set, then a queued mail goes over SMTP with a text and an HTML part naming the inviter and the product, and its stored bodies are cleared', async () => {
    const dispatcher = createMailDispatcher({ db, logger: createLogger('silent', 'test'), smtpUrl: smtp.url });
    const id = await queueInvitation('alice@example.com');
    expect(await dispatcher.deliverDue()).toBe(1);
    const mail = await smtp.waitFor('alice@example.com');
    expect(mail.subject).toBe('Olivia Owner invited you to Acme News on Team Access');
    expect(mail.from?.text).toContain('Team Access');
    expect(mail.text).toContain(
      '“Olivia Owner” invited you to join “Acme News” (Acme) as administrator on Team Access.',
    );
    expect(mail.text).toContain(LINK);
    expect(mail.html).toContain(`href="${LINK}"`);
    expect(mail.html).toContain('Olivia Owner');
    const stored = await row(id);
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, text_body: null, html_body: null, last_error: null });
    expect(stored.sent_at).not.toBeNull();
    // Sent once: nothing is due any more.
    expect(await dispatcher.deliverDue()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    await dispatcher.stop();
  });

  it('when the dispatcher runs, then a mail queued after it started is delivered without waiting for a poll', async () => {
    const dispatcher = createMailDispatcher({
      db,
      logger: createLogger('silent', 'test'),
      smtpUrl: smtp.url,
      pollMs: 60_000,
    });
    dispatcher.start();
    await queueInvitation('woken@example.com');
    notifyMailQueued();
    const mail = await smtp.waitFor('woken@example.com');
    expect(mail.text).toContain(LINK);
    await dispatcher.stop();
  });

  it('when no SMTP_URL is set, then the mail is kept in the outbox and its link is in the server log', async () => {
    const { logger, lines } = capturingLogger();
    const dispatcher = createMailDispatcher({ db, logger, smtpUrl: undefined });
    const id = await queueInvitation('kept@example.com');
    await dispatcher.deliverDue();
    const stored = await row(id);
    expect(stored.status).toBe('kept');
    expect(stored.text_body).toContain(LINK);
    const logged = lines.find((l) => l.mailId === id);
    expect(logged).toMatchObject({ kind: 'invitation', to: 'kept@example.com', link: LINK });
    expect(smtp.messages).toHaveLength(0);
  });

  it('when the SMTP server refuses, then the mail stays queued for a later retry, and is given up after the last attempt', async () => {
    smtp.refuse = true;
    const dispatcher = createMailDispatcher({ db, logger: createLogger('silent', 'test'), smtpUrl: smtp.url });
    const id = await queueInvitation('refused@example.com');
    await dispatcher.deliverDue();
    const first = await row(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1 });
    expect(first.last_error).toMatch(/550/);
    expect(first.text_body).toContain(LINK);
    // Not due again until its back-off has passed.
    expect(await dispatcher.deliverDue()).toBe(0);
    // The last attempt, when due, gives up and clears the link.
    await db.query(`update mail_outbox set attempts = $2, next_attempt_at = now() where id = $1`, [
      id,
      MAIL_MAX_ATTEMPTS - 1,
    ]);
    await dispatcher.deliverDue();
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS, text_body: null });
    await dispatcher.stop();
  });

  it('when the SMTP server was down and comes back, then a retried mail is delivered', async () => {
    smtp.refuse = true;
    const dispatcher = createMailDispatcher({ db, logger: createLogger('silent', 'test'), smtpUrl: smtp.url });
    const id = await queueInvitation('later@example.com');
    await dispatcher.deliverDue();
    smtp.refuse = false;
    await db.query('update mail_outbox set next_attempt_at = now() where id = $1', [id]);
    await dispatcher.deliverDue();
    await smtp.waitFor('later@example.com');
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2 });
    await dispatcher.stop();
  });

  it('when two dispatchers (two instances) run at once, then each mail is sent exactly once', async () => {
    const logger = createLogger('silent', 'test');
    const a = createMailDispatcher({ db, logger, smtpUrl: smtp.url });
    const b = createMailDispatcher({ db, logger, smtpUrl: smtp.url });
    for (let i = 0; i < 30; i++) await queueInvitation(`many.${i}@example.com`);
    const [sentA, sentB] = await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(sentA + sentB).toBe(30);
    expect(smtp.messages).toHaveLength(30);
    const recipients = new Set(smtp.messages.map((m) => [m.to ?? []].flat()[0]?.text));
    expect(recipients.size).toBe(30);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe('mail templates', () => {
  it('when names hold HTML, then the HTML part escapes them and the text part keeps them as typed', () => {
    const mail = invitationMail({
      inviterName: '<script>alert(1)</script> & Co',
      tenantName: 'Acme "Tenant"',
      organizationName: null,
      organizationRole: null,
      link: LINK,
      expiresAt: new Date('2030-01-02T03:04:00Z'),
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain('“<script>alert(1)</script> & Co” invited you to join Acme "Tenant" on Team Access.');
    expect(mail.text).toContain('2 January 2030 at 03:04 UTC');
  });

  it('when a name holds a web address, then neither part writes it as an address a mail client would link', () => {
    const mail = invitationMail({
      inviterName: 'Support https://evil.example/login www.evil.example',
      tenantName: 'Acme',
      organizationName: 'Visit evil.example now',
      organizationRole: 'ORG_MEMBER',
      link: LINK,
      expiresAt: new Date('2030-01-02T03:04:00Z'),
    });
    // The only address in the HTML is the invitation link (the button and the copy-me line).
    expect(mail.html.match(/https?:\/\/[^\s"<]+/g)).toEqual([LINK, LINK, LINK]);
    expect(mail.html).not.toMatch(/evil\.example|www\./);
    expect(mail.html).toContain(
      '&ldquo;Support https&#58;&#47;&#47;evil&#46;example&#47;login www&#46;evil&#46;example&rdquo;',
    );
    expect(mail.html).toContain('<strong>&ldquo;Visit evil&#46;example now&rdquo; (Acme)</strong>');
    // The text part names them in quotes, so they read as a name and not as the mail's own link.
    expect(mail.text).toContain(
      '“Support https://evil.example/login www.evil.example” invited you to join “Visit evil.example now” (Acme) as member',
    );
  });

  it('when a stored name holds line breaks, controls or text-direction marks, then the subject is one line and no part carries them', () => {
    const mail = invitationMail({
      inviterName: 'Eve\r\nBcc: victim@example.com\u2028\u202eevil\u0000',
      tenantName: 'Acme\nInc',
      organizationName: 'Org\u2066\u0085name',
      organizationRole: null,
      link: LINK,
      expiresAt: new Date('2030-01-02T03:04:00Z'),
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is looked for
    const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    expect(mail.subject).toBe('Eve Bcc: victim@example.com evil invited you to Org name on Team Access');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).not.toMatch(unsafe);
    expect(mail.html).not.toMatch(unsafe);
    expect(mail.text).toContain('“Eve Bcc: victim@example.com evil” invited you to join “Org name” (Acme Inc)');
    expect(passwordResetMail({ tenantName: 'Acme\r\nX', link: LINK, expiresAt: new Date() }).text).toContain(
      'account at Acme X.',
    );
  });

  it('when an invitation comes from a server-to-server call, then it names the tenant team', () => {
    const mail = invitationMail({
      inviterName: null,
      tenantName: 'Acme',
      organizationName: null,
      organizationRole: null,
      link: LINK,
      expiresAt: new Date(),
    });
    expect(mail.subject).toBe('The Acme team invited you to Acme on Team Access');
  });

  it('when a reset is mailed, then it holds the link, the expiry and that all sessions end', () => {
    const mail = passwordResetMail({ tenantName: 'Acme', link: LINK, expiresAt: new Date('2030-01-02T03:04:00Z') });
    expect(mail.subject).toBe('Reset your Team Access password');
    expect(mail.text).toContain(LINK);
    expect(mail.text).toContain('signs you out everywhere');
    expect(mail.html).toContain(`href="${LINK}"`);
  });

  it('when an SMTP URL holds a password, then what is logged of it does not', () => {
    expect(describeSmtpUrl('smtps://user:hunter2@mail.example.com:465')).toBe('smtps://mail.example.com:465');
  });
});
