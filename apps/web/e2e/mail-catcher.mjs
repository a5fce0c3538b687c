// The end-to-end tests' mail server: a real SMTP server (smtp-server) that keeps what it receives in
// memory, parsed (mailparser), and shows it over a small HTTP JSON API for the tests to read.
// Playwright starts it (playwright.config.ts, webServer) next to the system under test, which sends
// to it through SMTP_URL as it would to any mail server.
//
//   GET    /messages[?to=<address>]  the messages (delivered to that address), oldest first:
//                                    [{ id, from, to, envelopeTo, subject, text, html, date }]
//   DELETE /messages[?to=<address>]  forgets them (all, or that address's)
//   GET    /healthz                  200 once both servers listen
//
// Ports: MAIL_CATCHER_SMTP_PORT and MAIL_CATCHER_HTTP_PORT (127.0.0.1 only).
import http from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const SMTP_PORT = Number(process.env.MAIL_CATCHER_SMTP_PORT);
const HTTP_PORT = Number(process.env.MAIL_CATCHER_HTTP_PORT);
if (!Number.isInteger(SMTP_PORT) || !Number.isInteger(HTTP_PORT)) {
  process.stderr.write('mail-catcher: set MAIL_CATCHER_SMTP_PORT and MAIL_CATCHER_HTTP_PORT\n');
  process.exit(2);
}

/** @type {{ id: number, from: string, to: string[], envelopeTo: string[], subject: string, text: string, html: string, date: string }[]} */
let messages = [];
let nextId = 1;

const addresses = (field) =>
  [field ?? []]
    .flat()
    .flatMap((group) => group.value)
    .map((a) => a.address?.toLowerCase())
    .filter(Boolean);

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (mail) => {
        messages.push({
          id: nextId++,
          from: mail.from?.text ?? '',
          // The To header, and the envelope: who the mail was really delivered to (Bcc included).
          to: addresses(mail.to),
          envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: mail.subject ?? '',
          text: mail.text ?? '',
          html: typeof mail.html === 'string' ? mail.html : '',
          date: (mail.date ?? new Date()).toISOString(),
        });
        callback();
      },
      (error) => callback(error),
    );
  },
});
smtp.on('error', (error) => process.stderr.write(`mail-catcher SMTP: ${error.message}\n`));

const api = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const to = url.searchParams.get('to')?.toLowerCase();
  const matches = (m) => !to || m.envelopeTo.includes(to);
  const json = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/healthz' && req.method === 'GET')
    return json(200, { status: 'ok', messages: messages.length });
  if (url.pathname === '/messages' && req.method === 'GET') return json(200, messages.filter(matches));
  if (url.pathname === '/messages' && req.method === 'DELETE') {
    messages = messages.filter((m) => !matches(m));
    res.writeHead(204).end();
    return;
  }
  json(404, { error: 'not found' });
});

await Promise.all([
  new Promise((resolve) => smtp.listen(SMTP_PORT, '127.0.0.1', resolve)),
  new Promise((resolve) => api.listen(HTTP_PORT, '127.0.0.1', resolve)),
]);
process.stdout.write(`mail-catcher: SMTP on 127.0.0.1:${SMTP_PORT}, messages on http://127.0.0.1:${HTTP_PORT}\n`);

const stop = () => {
  api.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
