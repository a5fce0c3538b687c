import {
  type AccessLevel,
  accessLevels,
  INVITATION_EXPIRING_HOURS,
  OVERVIEW_EXACT_PERMISSION_MEMBERS,
  OVERVIEW_LATEST_CHANGES,
  OVERVIEW_SIGN_IN_DAYS,
  type Overview,
  overviewRefusal,
  type UserStatus,
  userStatuses,
} from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import type { ListTotal } from '../../db/rows.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import { latestEventsExcept } from '../audit/service.ts';
import { overviewQueries, SIGN_IN_ACTIVITY } from './repository.ts';

const DAY_MS = 86_400_000;
/** Active, and no sign-in since $2 (never signed in counts): a range of users_tenant_status_login_idx. */
const INACTIVE_SINCE = "u.status = 'active' and coalesce(u.last_login_at, '-infinity'::timestamptz) < $2";

/**
 * `GET /v2/client/overview` (ADR 040): the team in figures for an OWNER or ADMIN (or a
 * server-to-server call). The reads run side by side, each on its own index.
 */
export async function getOverview(db: Db, caller: Caller, now = new Date()): Promise<Overview> {
  enforce(overviewRefusal(ruleActor(caller.actor)));
  const tenantId = caller.tenantId;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (OVERVIEW_SIGN_IN_DAYS - 1) * DAY_MS);
  const away = (days: number) => [new Date(now.getTime() - days * DAY_MS)];
  // Each member figure: its path in the answer, and its conditions over `users u` ($1 the tenant).
  const figures: [string, string, unknown[]][] = [
    ['total', 'true', []],
    ...userStatuses.map((s): [string, string, unknown[]] => [`byStatus.${s}`, 'u.status = $2', [s]]),
    ...accessLevels.map((l): [string, string, unknown[]] => [`byAccessLevel.${l}`, 'u.role = $2', [l]]),
    ['withoutTwoStep', "u.status = 'active' and not u.mfa", []],
    ['inactive30Days', INACTIVE_SINCE, away(30)],
    ['inactive90Days', INACTIVE_SINCE, away(90)],
  ];
  const [counted, invitations, counts, signIns, latestChanges] = await Promise.all([
    Promise.all(figures.map(([, where, params]) => overviewQueries.members(db, tenantId, where, params))),
    overviewQueries.invitations(db, tenantId, now, new Date(now.getTime() + INVITATION_EXPIRING_HOURS * 3_600_000)),
    overviewQueries.rolesAndOrganizations(db, tenantId),
    overviewQueries.signInsPerDay(db, tenantId, since.toISOString().slice(0, 10)),
    latestEventsExcept(db, tenantId, SIGN_IN_ACTIVITY, OVERVIEW_LATEST_CHANGES),
  ]);

  const value = new Map(figures.map(([path], i) => [path, counted[i] as ListTotal]));
  const n = (path: string) => value.get(path)?.total ?? 0;
  const members = {
    total: n('total'),
    byStatus: Object.fromEntries(userStatuses.map((s) => [s, n(`byStatus.${s}`)])) as Record<UserStatus, number>,
    byAccessLevel: Object.fromEntries(accessLevels.map((l) => [l, n(`byAccessLevel.${l}`)])) as Record<
      AccessLevel,
      number
    >,
    withoutTwoStep: n('withoutTwoStep'),
    inactive30Days: n('inactive30Days'),
    inactive90Days: n('inactive90Days'),
    estimated: figures.map(([path]) => path).filter((path) => value.get(path)?.totalIsCapped),
  };

  const perDay = new Map(signIns.map((r) => [r.day, r.count]));
  const signInsPerDay = Array.from({ length: OVERVIEW_SIGN_IN_DAYS }, (_, i) => {
    const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { date, count: perDay.get(date) ?? 0 };
  });

  return {
    generatedAt: now.toISOString(),
    members,
    invitations: { ...invitations, expiringWithinHours: INVITATION_EXPIRING_HOURS },
    ...(await permissionCounts(db, tenantId, members.byAccessLevel, members.total)),
    ...counts,
    signInsPerDay,
    latestChanges,
  };
}

/**
 * Who holds each permission: OWNERs hold every one (ADR 018); the others directly or through a
 * role. Exact up to OVERVIEW_EXACT_PERMISSION_MEMBERS members; past it, counted on a random sample
 * of about that many (a share of the table's pages) and scaled to all, as the lists estimate
 * their totals past a cap (ADR 033): exact holders per key need every member's map and roles.
 */
async function permissionCounts(
  db: Db,
  tenantId: string,
  byLevel: Record<AccessLevel, number>,
  total: number,
): Promise<Pick<Overview, 'permissions' | 'permissionCounts'>> {
  const owners = byLevel.OWNER;
  const others = byLevel.ADMIN + byLevel.MEMBER;
  let estimated = others > OVERVIEW_EXACT_PERMISSION_MEMBERS;
  let read = estimated
    ? await overviewQueries.permissionHolders(db, tenantId, (100 * OVERVIEW_EXACT_PERMISSION_MEMBERS) / others)
    : undefined;
  // A sample that found too few members (a tiny share of a big table) says nothing: count them all.
  if (!read || read.sampled < OVERVIEW_EXACT_PERMISSION_MEMBERS / 10) {
    estimated = false;
    read = await overviewQueries.permissionHolders(db, tenantId, undefined);
  }
  const scale = estimated && read.sampled > 0 ? others / read.sampled : 1;
  const permissions = read.rows
    .map((row, position) => ({
      key: row.key,
      label: row.label,
      category: row.category,
      members: Math.min(total, owners + Math.round(row.members * scale)),
      position,
    }))
    .sort((a, b) => b.members - a.members || a.position - b.position)
    .map(({ position: _, ...row }) => row);
  return { permissions, permissionCounts: { estimated, membersRead: estimated ? read.sampled : others } };
}
