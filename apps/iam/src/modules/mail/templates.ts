import type { OrgRole } from '@team-access/contract';

export const PRODUCT_NAME = 'Team Access';

export interface RenderedMail {
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part: every interpolated value escaped. */
  html: string;
}

function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Controls, line and paragraph separators and text-direction marks. The API refuses them in names
 * (the contract's NO_CONTROL_CHARACTERS), but a name stored before that rule may still hold them.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed
const UNSAFE_IN_MAIL = /[\s\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** A name on one line: every run of whitespace or control characters becomes one space. */
export function oneLine(value: string): string {
  return value.replace(UNSAFE_IN_MAIL, ' ').trim();
}

/** A word a mail client would turn into a link: a scheme, `www.`, an `@` or a dotted host name. */
const LOOKS_LIKE_LINK = /:\/\/|^www\.|@|[\p{L}\p{N}-]\.[\p{L}\p{N}-]{2,}/iu;

/**
 * A name someone typed, for the HTML part: escaped, in quotes, and in every word that looks like a
 * link the `.`, `:`, `/` and `@` are written as character references, so the name reads as typed
 * but is not written as an address a client would link.
 */
function quotedNameHtml(name: string): string {
  const words = oneLine(name)
    .split(' ')
    .map((word) =>
      LOOKS_LIKE_LINK.test(word)
        ? escapeHtml(word).replace(/[.:/@]/g, (c) => `&#${c.charCodeAt(0)};`)
        : escapeHtml(word),
    );
  return `&ldquo;${words.join(' ')}&rdquo;`;
}

/** A name someone typed, for the text part and the subject: on one line, in quotes. */
function quotedNameText(name: string): string {
  return `“${oneLine(name)}”`;
}

const ORG_ROLE_NAMES: Record<OrgRole, string> = {
  ORG_OWNER: 'owner',
  ORG_ADMIN: 'administrator',
  ORG_USER_MANAGER: 'user manager',
  ORG_MEMBER: 'member',
};

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

function formatUtc(date: Date): string {
  return `${dateFormat.format(date)} UTC`;
}

/** A short, plain HTML document: one paragraph per line of text, one button for the link. */
function layout(paragraphs: string[], action: { label: string; url: string }, footer: string): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join('\n');
  const url = escapeHtml(action.url);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${PRODUCT_NAME}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1c1e">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:600;font-size:18px">${PRODUCT_NAME}</p>
${body}
<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#1f5fbf;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">If the button does not work, copy this address into your browser:<br><a href="${url}" style="color:#1f5fbf;word-break:break-all">${url}</a></p>
<p style="margin:24px 0 0;font-size:13px;color:#555">${footer}</p>
</div>
</body>
</html>`;
}

export interface InvitationMailInput {
  /** The inviter's name (or email); null for a server-to-server invitation. */
  inviterName: string | null;
  tenantName: string;
  organizationName: string | null;
  organizationRole: OrgRole | null;
  link: string;
  expiresAt: Date;
}

export function invitationMail(input: InvitationMailInput): RenderedMail {
  // The inviter's and the organization's names are typed by people: quoted, never a link. The
  // tenant's name is the operator's, still kept on one line.
  const tenant = oneLine(input.tenantName);
  const team = `The ${tenant} team`;
  const who = input.inviterName === null ? team : quotedNameText(input.inviterName);
  const whoHtml = input.inviterName === null ? escapeHtml(team) : quotedNameHtml(input.inviterName);
  const org = input.organizationName === null ? null : quotedNameText(input.organizationName);
  const where = org ? `${org} (${tenant})` : tenant;
  const whereHtml =
    input.organizationName === null
      ? escapeHtml(tenant)
      : `${quotedNameHtml(input.organizationName)} (${escapeHtml(tenant)})`;
  const as = input.organizationRole ? ` as ${ORG_ROLE_NAMES[input.organizationRole]}` : '';
  // Mail clients do not link a subject: it only has to stay one line.
  const subject = oneLine(
    `${input.inviterName ?? team} invited you to ${input.organizationName ?? tenant} on ${PRODUCT_NAME}`,
  );
  const expires = formatUtc(input.expiresAt);
  const footer = `You received this because someone invited this address to ${PRODUCT_NAME}. If you did not expect it, ignore this mail: nothing happens unless you accept.`;
  const text = [
    `${who} invited you to join ${where}${as} on ${PRODUCT_NAME}.`,
    '',
    'Accept the invitation and set up your account:',
    input.link,
    '',
    `The link works once and until ${expires}.`,
    '',
    footer,
  ].join('\n');
  const html = layout(
    [
      `${whoHtml} invited you to join <strong>${whereHtml}</strong>${escapeHtml(as)} on ${PRODUCT_NAME}.`,
      `The link works once and until ${escapeHtml(expires)}.`,
    ],
    { label: 'Accept the invitation', url: input.link },
    escapeHtml(footer),
  );
  return { subject, text, html };
}

export interface PasswordResetMailInput {
  tenantName: string;
  link: string;
  expiresAt: Date;
}

export function passwordResetMail(input: PasswordResetMailInput): RenderedMail {
  const tenant = oneLine(input.tenantName);
  const subject = `Reset your ${PRODUCT_NAME} password`;
  const expires = formatUtc(input.expiresAt);
  const footer = `If you did not ask for this, ignore this mail: your password stays as it is.`;
  const text = [
    `Someone (hopefully you) asked to reset the password of your ${PRODUCT_NAME} account at ${tenant}.`,
    '',
    'Choose a new password:',
    input.link,
    '',
    `The link works once and until ${expires}. Setting a new password signs you out everywhere.`,
    '',
    footer,
  ].join('\n');
  const html = layout(
    [
      `Someone (hopefully you) asked to reset the password of your ${PRODUCT_NAME} account at ${escapeHtml(tenant)}.`,
      `The link works once and until ${escapeHtml(expires)}. Setting a new password signs you out everywhere.`,
    ],
    { label: 'Choose a new password', url: input.link },
    escapeHtml(footer),
  );
  return { subject, text, html };
}

export interface EmailVerificationMailInput {
  tenantName: string;
  link: string;
  expiresAt: Date;
  /** true: the address is to replace the account's current one; false: it is the account's own. */
  replacing: boolean;
}

export function emailVerificationMail(input: EmailVerificationMailInput): RenderedMail {
  const tenant = oneLine(input.tenantName);
  const subject = `Confirm your email address for ${PRODUCT_NAME}`;
  const expires = formatUtc(input.expiresAt);
  const what = input.replacing
    ? `Someone asked to make this address the sign-in email of a ${PRODUCT_NAME} account at ${tenant}. It takes effect only when you confirm it.`
    : `Your ${PRODUCT_NAME} account at ${tenant} was set up with this address. Confirm that it is yours.`;
  const footer = input.replacing
    ? 'If you did not expect this, ignore this mail: nothing changes unless the link is followed.'
    : 'If you did not expect this, ignore this mail.';
  const text = [
    what,
    '',
    'Confirm the address:',
    input.link,
    '',
    `The link works once and until ${expires}.`,
    '',
    footer,
  ].join('\n');
  const html = layout(
    [escapeHtml(what), `The link works once and until ${escapeHtml(expires)}.`],
    { label: 'Confirm the address', url: input.link },
    escapeHtml(footer),
  );
  return { subject, text, html };
}

/** An address shown half-hidden: the first character of the local part, then the domain. */
export function maskedAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email.slice(0, 1)}•••${email.slice(at)}`;
}

export interface EmailChangeNoticeInput {
  tenantName: string;
  newEmail: string;
}

/** To the current address when a new one is requested: it changes only once the new one is confirmed. */
export function emailChangeNoticeMail(input: EmailChangeNoticeInput): RenderedMail {
  const tenant = oneLine(input.tenantName);
  const subject = `Your ${PRODUCT_NAME} sign-in email is about to change`;
  const target = maskedAddress(input.newEmail);
  const lines = [
    `A change of the sign-in email of your ${PRODUCT_NAME} account at ${tenant} to ${target} was requested.`,
    'It takes effect only when the link mailed to the new address is followed; until then you sign in with this one.',
    'If you did not expect this, tell your administrator.',
  ];
  const text = lines.join('\n\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${PRODUCT_NAME}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1c1e">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<p style="margin:0 0 24px;font-weight:600;font-size:18px">${PRODUCT_NAME}</p>
${lines.map((line) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`).join('\n')}
</div>
</body>
</html>`;
  return { subject, text, html };
}
