import {
  accessLevels,
  INVITATION_EXPIRING_HOURS,
  OVERVIEW_EXACT_PERMISSION_MEMBERS,
  OVERVIEW_LATEST_CHANGES,
  OVERVIEW_SIGN_IN_DAYS,
  type Overview,
  overviewRefusal,
  userStatuses,
} from '@team-access/contract';
import type { Db } from '../../db/client.ts';
import { type Caller, ruleActor } from '../../kernel/context.ts';
import { enforce } from '../../security/rules.ts';
import { latestEventsExcept } from '../audit/service.ts';
import { overviewQueries, SIGN_IN_ACTIVITY } from './repository.ts';

const DAY_MS = 86_400_000;
const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * `GET /v2/client/overview` (ADR 040): the team in figures for an OWNER or ADMIN (or a
 * server-to-server call). The reads run side by side, each on its own index.
 */
export async function getOverview(db: Db, caller: Caller, now = new Date()): Promise<Overview> {
  enforce(overviewRefusal(ruleActor(caller.actor)));
  const tenantId = caller.tenantId;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (OVERVIEW_SIGN_IN_DAYS - 1) * DAY_MS);
  const [memberRows, invitations, counts, signIns, latestChanges] = await Promise.all([
    overviewQueries.memberFigures(
      db,
      tenantId,
      new Date(now.getTime() - 30 * DAY_MS),
      new Date(now.getTime() - 90 * DAY_MS),
    ),
    overviewQueries.invitations(db, tenantId, now, new Date(now.getTime() + INVITATION_EXPIRING_HOURS * 3_600_000)),
    overviewQueries.rolesAndOrganizations(db, tenantId),
    overviewQueries.signInsPerDay(db, tenantId, since),
    latestEventsExcept(db, tenantId, SIGN_IN_ACTIVITY, OVERVIEW_LATEST_CHANGES),
  ]);

  const members = {
    total: 0,
    byStatus: zeros(userStatuses),
    byAccessLevel: zeros(accessLevels),
    withoutTwoStep: 0,
    inactive30Days: 0,
    inactive90Days: 0,
  };
  for (const row of memberRows) {
    members.total += row.members;
    members.byStatus[row.status] += row.members;
    members.byAccessLevel[row.role] += row.members;
    if (row.status !== 'active') continue;
    members.withoutTwoStep += row.without_two_step;
    members.inactive30Days += row.inactive_30;
    members.inactive90Days += row.inactive_90;
  }

  const perDay = new Map(signIns.map((r) => [r.day, r.count]));
  const signInsPerDay = Array.from({ length: OVERVIEW_SIGN_IN_DAYS }, (_, i) => {
    const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
    return { date, count: perDay.get(date) ?? 0 };
  });

  return {
    generatedAt: now.toISOString(),
    members,
    invitations: { ...invitations, expiringWithinHours: INVITATION_EXPIRING_HOURS },
    ...(await permissionCounts(db, tenantId, members.byAccessLevel)),
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
  byLevel: Record<(typeof accessLevels)[number], number>,
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
      members: owners + Math.min(others, Math.round(row.members * scale)),
      position,
    }))
    .sort((a, b) => b.members - a.members || a.position - b.position)
    .map(({ position: _, ...row }) => row);
  return { permissions, permissionCounts: { estimated, membersRead: estimated ? read.sampled : others } };
}
