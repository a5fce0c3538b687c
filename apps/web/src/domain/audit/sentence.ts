import type { AuditEvent } from '@team-access/contract';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { accessLevelLabels, statusLabels } from '@/domain/users/components/user-chips.tsx';

/**
 * The audit log as a person reads it: each event (or each bulk request, see `groupEvents`) as one
 * sentence — "Ana Silva granted Checkout to bob@example.com", "Ana Silva added Marketing to 12
 * members" — with the screens' own words for fields and values, never `firstName` or `ORG_ADMIN`.
 * Pure functions: the Audit screen, the Activity tabs and the revert dialog all read them.
 */

/** A piece of a sentence: plain words, or the actor / the target (the screen makes those links). */
export type SentencePart = string | { kind: 'actor' | 'target'; text: string };

/** Labels the screens use, that only the tenant knows (its catalog's permission labels). */
export interface SentenceLabels {
  permission?: (key: string) => string;
}

/** Consecutive events of one request and one kind of change, read as one sentence. */
export interface AuditGroup {
  key: string;
  events: AuditEvent[];
}

const ACCESS_LEVELS: Record<string, string> = accessLevelLabels;
const STATUSES: Record<string, string> = statusLabels;
const ORG_ROLES: Record<string, string> = orgRoleLabels;

/** Field names as the screens show them (member, role, organization, membership, invitation). */
const FIELD_LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  phone: 'phone',
  email: 'email',
  role: 'access level',
  status: 'status',
  permissions: 'permissions',
  groups: 'roles',
  roles: 'roles',
  roleIds: 'roles',
  mfa: 'two-step sign-in',
  name: 'name',
  description: 'description',
  slug: 'slug',
  orgRole: 'organization role',
  organizationId: 'organization',
  organization: 'organization',
  userId: 'member',
  expiresAt: 'expiry',
  invitedBy: 'invited by',
  acceptedAt: 'accepted',
  revokedAt: 'withdrawn',
  sentAt: 'sent',
  joinedAt: 'joined',
  via: 'how',
  reason: 'reason',
  memberCount: 'members',
  ownerCount: 'org owners',
};

/** "firstName" → "first name"; a field the screens do not name is spelled out from its camelCase. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

/** A list as a person writes it: "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Permission keys turned on and off by a change of a permissions map (only changed keys are kept). */
export function permissionChange(event: Pick<AuditEvent, 'before' | 'after'>): {
  granted: string[];
  revoked: string[];
} {
  const before = record(event.before?.permissions);
  const after = record(event.after?.permissions);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return {
    granted: keys.filter((k) => after[k] === true && before[k] !== true),
    revoked: keys.filter((k) => before[k] === true && after[k] !== true),
  };
}

/** Role ids added to and taken from a member by a change of their `groups`. */
export function roleChange(event: Pick<AuditEvent, 'before' | 'after'>): { added: string[]; removed: string[] } {
  const before = strings(event.before?.groups);
  const after = strings(event.after?.groups);
  return {
    added: after.filter((id) => !before.includes(id)),
    removed: before.filter((id) => !after.includes(id)),
  };
}

function roleName(event: Pick<AuditEvent, 'roleNames'>, id: string): string {
  return event.roleNames[id] ?? 'a deleted role';
}

/** A value of a field as the screens show it: access levels, statuses and org roles by their labels. */
export function formatValue(field: string, value: unknown, event?: Pick<AuditEvent, 'roleNames'>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'role' && typeof value === 'string') return ACCESS_LEVELS[value] ?? value;
  if (field === 'status' && typeof value === 'string') return STATUSES[value] ?? value;
  if (field === 'orgRole' && typeof value === 'string') return ORG_ROLES[value] ?? value;
  if (field === 'groups' && Array.isArray(value)) {
    const names = strings(value).map((id) => (event ? roleName(event, id) : id));
    return names.length ? names.join(', ') : 'none';
  }
  if (typeof value === 'boolean') return value ? 'On' : 'Off';
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(field, v, event)).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value)) {
    const time = new Date(value);
    if (!Number.isNaN(time.getTime())) return dateTime.format(time);
  }
  return String(value);
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** One line of a before → after diff. */
export interface DiffLine {
  label: string;
  before: string;
  after: string;
}

/**
 * The before → after of an event, a line per field — a permission map a line per permission
 * ("Checkout: Not granted → Granted"), roles by their names at the time.
 */
export function diffLines(
  event: Pick<AuditEvent, 'changes' | 'roleNames'>,
  labels: SentenceLabels = {},
  values: (change: { field: string; before: unknown; after: unknown }) => { before: unknown; after: unknown } = (c) =>
    c,
): DiffLine[] {
  const permission = labels.permission ?? ((key: string) => key);
  // A record's own id is in the links and the filters, not a change a person reads.
  return event.changes.flatMap((change) => {
    if (change.field === 'id') return [];
    const { before, after } = values(change);
    if (change.field === 'permissions' && (isFlags(before) || isFlags(after))) {
      const b = record(before);
      const a = record(after);
      return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((key) => ({
        label: `Permission ${permission(key)}`,
        before: b[key] === true ? 'Granted' : 'Not granted',
        after: a[key] === true ? 'Granted' : 'Not granted',
      }));
    }
    const label = fieldLabel(change.field);
    return [
      {
        label: label.charAt(0).toUpperCase() + label.slice(1),
        before: formatValue(change.field, before, event),
        after: formatValue(change.field, after, event),
      },
    ];
  });
}

const isFlags = (v: unknown) =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((x) => typeof x === 'boolean' || x === null);

/** Who did it: their captured name, or the API itself for a server-to-server call. */
function actorOf(event: AuditEvent): SentencePart {
  return { kind: 'actor', text: event.actor?.name ?? 'A server-to-server call' };
}

function targetOf(event: AuditEvent, fallback = 'someone'): SentencePart {
  return { kind: 'target', text: event.target.name ?? fallback };
}

/** The member an organization membership event is about (kept in before/after). */
function memberOf(event: AuditEvent): string {
  return text(event.after?.email) ?? text(event.before?.email) ?? 'a member';
}

/** The person an event happened to by their own doing (sign-in, password): the actor, or the target. */
function selfOf(event: AuditEvent): SentencePart {
  return event.actor ? actorOf(event) : targetOf(event);
}

function fieldsOf(event: AuditEvent): string {
  return listOf([...new Set(event.changes.map((c) => fieldLabel(c.field)))]);
}

/** The sentence of one event. */
export function eventSentence(event: AuditEvent, labels: SentenceLabels = {}): SentencePart[] {
  const parts = baseSentence(event, labels);
  return event.revertsEventId ? [...parts, ', reverting an earlier change'] : parts;
}

/** The factor an enrolment or removal names ("an authenticator app “Phone”"). */
function factorOf(event: AuditEvent, side: 'before' | 'after'): string {
  const name = text(event[side]?.name);
  return name ? `the authenticator app “${name}”` : 'an authenticator app';
}

/** Who a two-step policy asks for a second factor, as the sentence names them. */
function policyWho(policy: string | undefined): string {
  if (policy === 'everyone') return 'everyone';
  if (policy === 'admins') return 'owners and admins';
  return 'nobody';
}

function baseSentence(event: AuditEvent, labels: SentenceLabels): SentencePart[] {
  const actor = actorOf(event);
  const target = targetOf(event);
  const permission = labels.permission ?? ((key: string) => key);
  const orgRole = formatValue('orgRole', event.after?.orgRole);
  switch (event.action) {
    case 'user.created':
      return event.actor && event.actor.id === event.target.id
        ? [target, ' joined by accepting an invitation']
        : [actor, ' added ', target];
    case 'user.bootstrapped_owner':
      return [target, ' was created as the first owner'];
    case 'user.updated':
      return event.changes.length
        ? [actor, ' changed ', target, `'s ${fieldsOf(event)}`]
        : [actor, ' saved ', target, ' with no change'];
    case 'user.deleted':
      return [actor, ' deleted ', target];
    case 'user.permissions_changed':
      return permissionsSentence(actor, [target], permissionChange(event), permission);
    case 'user.roles_changed': {
      const { added, removed } = roleChange(event);
      const name = (id: string) => roleName(event, id);
      if (added.length && removed.length) {
        return [actor, ' gave ', target, ` ${listOf(added.map(name))} and took ${listOf(removed.map(name))} from them`];
      }
      if (added.length) return [actor, ' gave ', target, ` ${listOf(added.map(name))}`];
      if (removed.length) return [actor, ` took ${listOf(removed.map(name))} from `, target];
      return [actor, ' changed the roles of ', target];
    }
    case 'user.password_set':
      return [actor, ' set ', target, "'s password"];
    case 'user.password_changed':
      return [selfOf(event), ' changed their password'];
    case 'user.password_check_failed':
      return [selfOf(event), ' typed a wrong current password'];
    case 'user.password_reset':
      return [selfOf(event), ' set a new password from a reset link'];
    case 'user.replaced':
      return [actor, ' replaced ', target, `'s ${fieldsOf(event)}`];
    case 'user.password_change_required':
      return [actor, ' required ', target, ' to choose a new password at next sign-in'];
    case 'user.password_change_lifted':
      return [actor, ' no longer requires ', target, ' to choose a new password'];
    case 'user.email_verification_sent':
      return ['An email verification link was sent to ', target];
    case 'user.email_verified':
      return [selfOf(event), ' confirmed their email address'];
    case 'user.email_changed':
      return [selfOf(event), ' confirmed their new email address'];
    case 'auth.session_revoked':
      return [actor, ' ended one of ', target, "'s sessions"];
    case 'auth.sessions_revoked':
      return [actor, ' ended ', target, "'s sessions"];
    case 'auth.signed_in':
      return [selfOf(event), event.after?.method === 'passkey' ? ' signed in with a passkey' : ' signed in'];
    case 'auth.signed_out':
      return [selfOf(event), ' signed out'];
    case 'auth.sign_in_failed':
      return ['A sign-in as ', targetOf(event, 'an unknown address'), ' failed'];
    case 'auth.session_ended': {
      const reason = text(event.after?.reason);
      return [target, `'s sessions were ended${reason ? ` (${reason.replaceAll('_', ' ')})` : ''}`];
    }
    case 'auth.password_reset_requested':
      return ['A password reset link was sent to ', target];
    case 'auth.two_step_failed':
      return ['A second sign-in step as ', targetOf(event, 'someone'), ' failed'];
    case 'auth.recovery_code_used':
      return [selfOf(event), ' signed in with a recovery code'];
    case 'user.two_step_enrolled':
      return [selfOf(event), ` turned on two-step sign-in with ${factorOf(event, 'after')}`];
    case 'user.two_step_removed':
      return [selfOf(event), ` removed ${factorOf(event, 'before')} from their two-step sign-in`];
    case 'user.recovery_codes_renewed':
      return [selfOf(event), ' made new recovery codes'];
    case 'user.two_step_reset':
      return [actor, ' reset ', target, "'s two-step sign-in"];
    case 'user.list_exported': {
      const rows = typeof event.after?.rows === 'number' ? event.after.rows : null;
      const count = rows === null ? 'members' : `${rows.toLocaleString('en-GB')} member${rows === 1 ? '' : 's'}`;
      return [actor, ` exported ${count} to CSV`];
    }
    case 'tenant.signing_key_rotated': {
      const kid = text(event.after?.kid);
      return [`The access-token signing key was rotated${kid ? ` (new key ${kid.slice(0, 12)}…)` : ''}`];
    }
    case 'tenant.passkey_sign_in_changed':
      return [
        actor,
        event.after?.passkeySignIn === true
          ? ' allowed signing in with a passkey alone'
          : ' stopped signing in with a passkey alone',
      ];
    case 'user.bulk_job_started': {
      const total = typeof event.after?.total === 'number' ? event.after.total : null;
      const count = total === null ? 'members' : `${total.toLocaleString('en-GB')} member${total === 1 ? '' : 's'}`;
      // An undo of a job (ADR 042) records the action it reverses: it must not read as that change.
      if (typeof event.after?.undoOf === 'string') return [actor, ` started undoing a bulk change of ${count}`];
      return [actor, ` started a bulk change of ${count}`];
    }
    case 'invitation.bulk_resend_started': {
      const total = typeof event.after?.total === 'number' ? event.after.total : null;
      const count =
        total === null ? 'invitations' : `${total.toLocaleString('en-GB')} invitation${total === 1 ? '' : 's'}`;
      return [actor, ` started resending ${count}`];
    }
    case 'user.bulk_job_cancelled':
      return [actor, ' cancelled a bulk change'];
    case 'invitation.bulk_resend_cancelled':
      return [actor, ' cancelled resending invitations'];
    case 'user.list_imported': {
      const rows = typeof event.after?.rows === 'number' ? event.after.rows : 0;
      const changed = typeof event.after?.changed === 'number' ? event.after.changed : 0;
      const plural = (n: number, one: string) => `${n.toLocaleString('en-GB')} ${one}${n === 1 ? '' : 's'}`;
      return [actor, ` imported ${plural(rows, 'CSV row')} (${plural(changed, 'member')} created or changed)`];
    }
    case 'tenant.two_step_policy_changed':
      return [actor, ` now requires two-step sign-in of ${policyWho(text(event.after?.twoStepPolicy))}`];
    case 'api_key.created': {
      const scopes = strings(event.after?.scopes);
      const expiresAt = text(event.after?.expiresAt);
      const until = expiresAt
        ? `, valid until ${new Date(expiresAt).toLocaleDateString('en-GB', { dateStyle: 'medium' })}`
        : ', with no expiry';
      return [actor, ' created the API key ', target, scopes.length ? ` for ${listOf(scopes)}${until}` : until];
    }
    case 'api_key.revoked':
      return [actor, ' revoked the API key ', target];
    case 'role.created':
      return [actor, ' created the role ', target];
    case 'role.updated':
      return event.changes.length
        ? [actor, ` changed the ${fieldsOf(event)} of the role `, target]
        : [actor, ' changed the role ', target];
    case 'role.deleted':
      return [actor, ' deleted the role ', target];
    case 'organization.created':
      return [actor, ' created the organization ', target];
    case 'organization.updated':
      return event.changes.length
        ? [actor, ` changed the ${fieldsOf(event)} of the organization `, target]
        : [actor, ' changed the organization ', target];
    case 'organization.deleted':
      return [actor, ' deleted the organization ', target];
    case 'organization.member_added':
      return event.after?.via === 'invitation'
        ? [`${memberOf(event)} joined `, target, ` as ${orgRole} by accepting an invitation`]
        : [actor, ` added ${memberOf(event)} to `, target, ` as ${orgRole}`];
    case 'organization.member_role_changed':
      return [actor, ` changed ${memberOf(event)}'s role in `, target, ` to ${orgRole}`];
    case 'organization.member_removed':
      return event.before?.reason === 'user_deleted'
        ? [`${memberOf(event)} left `, target, ' when their account was deleted']
        : [actor, ` removed ${memberOf(event)} from `, target];
    case 'invitation.sent':
      return [actor, ' invited ', target];
    case 'invitation.resent':
      return [actor, ' sent the invitation to ', target, ' again'];
    case 'invitation.revoked':
      return [actor, ' withdrew the invitation to ', target];
    case 'invitation.accepted':
      return [selfOf(event), ' accepted the invitation'];
    case 'webhook.created':
      return [actor, ' added the webhook ', target];
    case 'webhook.updated':
      return [actor, ' changed the webhook ', target];
    case 'webhook.deleted':
      return [actor, ' deleted the webhook ', target];
    case 'webhook.secret_rotated':
      return [actor, ' rotated the signing secret of the webhook ', target];
    case 'webhook.test_sent':
      return [actor, ' sent a test event to the webhook ', target];
    case 'webhook.redelivery_requested':
      return [actor, ' asked for a delivery to the webhook ', target, ' to be sent again'];
    default:
      return [actor, ` did “${event.action}” to `, target];
  }
}

function permissionsSentence(
  actor: SentencePart,
  whom: SentencePart[],
  { granted, revoked }: { granted: string[]; revoked: string[] },
  permission: (key: string) => string,
): SentencePart[] {
  const g = listOf(granted.map(permission));
  const r = listOf(revoked.map(permission));
  if (granted.length && revoked.length) return [actor, ` granted ${g} to `, ...whom, ` and revoked ${r}`];
  if (granted.length) return [actor, ` granted ${g} to `, ...whom];
  if (revoked.length) return [actor, ` revoked ${r} from `, ...whom];
  return [actor, ' changed the permissions of ', ...whom];
}

/** The sentence as plain text (for tests, titles and screen readers). */
export function sentenceText(parts: readonly SentencePart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

/** What a bulk event did, besides whom: events of one request with the same gist read as one sentence. */
function gist(event: AuditEvent): string | undefined {
  if (!event.requestId || event.target.type !== 'user' || event.revertsEventId) return undefined;
  if (event.action === 'user.permissions_changed') return JSON.stringify(permissionChange(event));
  if (event.action === 'user.roles_changed') return JSON.stringify(roleChange(event));
  return undefined;
}

/**
 * Consecutive events of one request, one action and the same change (one per member in a bulk
 * grant or role assignment) as one group; any other event is a group of its own.
 */
export function groupEvents(events: readonly AuditEvent[]): AuditGroup[] {
  const groups: AuditGroup[] = [];
  let lastGist: string | undefined;
  for (const event of events) {
    const g = gist(event);
    const last = groups.at(-1);
    const first = last?.events[0];
    if (
      last &&
      first &&
      g !== undefined &&
      g === lastGist &&
      first.requestId === event.requestId &&
      first.action === event.action &&
      first.actor?.id === event.actor?.id
    ) {
      last.events.push(event);
      continue;
    }
    groups.push({ key: event.id, events: [event] });
    lastGist = g;
  }
  return groups;
}

/** The sentence of a group: one event's own, or "Ana Silva added Marketing to 12 members". */
export function groupSentence(group: AuditGroup, labels: SentenceLabels = {}): SentencePart[] {
  const [first] = group.events;
  if (!first) return [];
  if (group.events.length === 1) return eventSentence(first, labels);
  const members = `${group.events.length.toLocaleString('en-GB')} members`;
  const actor = actorOf(first);
  if (first.action === 'user.roles_changed') {
    const { added, removed } = roleChange(first);
    const name = (id: string) => roleName(first, id);
    if (added.length && !removed.length) return [actor, ` added ${listOf(added.map(name))} to ${members}`];
    if (removed.length && !added.length) return [actor, ` took ${listOf(removed.map(name))} from ${members}`];
    return [actor, ` changed the roles of ${members}`];
  }
  return permissionsSentence(actor, [members], permissionChange(first), labels.permission ?? ((key) => key));
}
