/**
 * The end-to-end tests' view of the mail the system sent: mail-catcher.mjs receives it over SMTP
 * and lists it over HTTP; this reads that list.
 *
 *   const mail = await mailbox.waitForMail('alice@example.com', { subject: /invited you/ });
 *   await page.goto(mailbox.linkIn(mail));
 */

export interface Mail {
  id: number;
  /** As in the From header: `"Team Access" <no-reply@…>`. */
  from: string;
  /** The To header's addresses, lower case. */
  to: string[];
  /** Who the mail was delivered to (the SMTP envelope), lower case. */
  envelopeTo: string[];
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part. */
  html: string;
  date: string;
}

export class Mailbox {
  /** Mail that a test has already had, or that was there before it started. */
  private readonly seen = new Set<number>();

  constructor(readonly url: string) {}

  /** Every mail received so far (to `to`, when given), oldest first. */
  async messages(to?: string): Promise<Mail[]> {
    const query = to ? `?${new URLSearchParams({ to })}` : '';
    const response = await fetch(`${this.url}/messages${query}`);
    if (!response.ok) throw new Error(`The mail catcher answered ${response.status}`);
    return (await response.json()) as Mail[];
  }

  /** From now on, waitForMail() only returns mail that arrives after this call. */
  async skipExisting(): Promise<void> {
    for (const mail of await this.messages()) this.seen.add(mail.id);
  }

  /**
   * The next mail to `to` (whose subject matches, when given) that this mailbox has not returned
   * yet; waits for it to arrive. The IAM API sends from its outbox shortly after the change.
   */
  async waitForMail(to: string, options: { subject?: string | RegExp; timeout?: number } = {}): Promise<Mail> {
    const { subject, timeout = 15_000 } = options;
    const matches = (mail: Mail) =>
      !this.seen.has(mail.id) &&
      (subject === undefined ||
        (typeof subject === 'string' ? mail.subject.includes(subject) : subject.test(mail.subject)));
    const deadline = Date.now() + timeout;
    for (;;) {
      const received = await this.messages(to);
      const mail = received.find(matches);
      if (mail) {
        this.seen.add(mail.id);
        return mail;
      }
      if (Date.now() > deadline) {
        const subjects = received.map((m) => `"${m.subject}"`).join(', ') || 'none';
        throw new Error(
          `No new mail to ${to}${subject === undefined ? '' : ` with a subject matching ${subject}`} within ${timeout} ms (all mail to it: ${subjects})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The link in a mail's text part (the first one, or the first whose path starts with `path`). */
  linkIn(mail: Mail, path?: string): string {
    for (const [candidate] of mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
      if (path === undefined || new URL(candidate).pathname.startsWith(path)) return candidate;
    }
    throw new Error(`No link${path ? ` to ${path}` : ''} in the mail "${mail.subject}":\n${mail.text}`);
  }

  /** Forgets the mail to `to` (or all of it) in the catcher. */
  async clear(to?: string): Promise<void> {
    const query = to ? `?${new URLSearchParams({ to })}` : '';
    await fetch(`${this.url}/messages${query}`, { method: 'DELETE' });
  }
}
