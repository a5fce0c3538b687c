import { auditActions, auditSourceSchema, auditTargetTypeSchema } from '@team-access/contract';
import { z } from 'zod';
import { listParamsCodec, type PagedListParams } from '@/lib/list-params.ts';
import { paths } from '@/lib/paths.ts';
import type { AuditFilters } from './audit-api.ts';

/**
 * The Audit screen's view as kept in the address, so a copied link opens the same events: the
 * API's own filter names, `search` for the free text, and the time range as days (`from`, `to`
 * both included) in the person's time zone.
 */
export interface AuditListParams extends PagedListParams {
  actorId: string | undefined;
  userId: string | undefined;
  targetType: AuditFilters['targetType'];
  targetId: string | undefined;
  /** Comma-separated actions. */
  action: string | undefined;
  organizationId: string | undefined;
  source: AuditFilters['source'];
  from: string | undefined;
  to: string | undefined;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = z.string().regex(DAY);
const known = new Set<string>(auditActions);

export const auditList = listParamsCodec<AuditListParams>({
  actorId: z.uuid(),
  userId: z.uuid(),
  targetType: auditTargetTypeSchema,
  targetId: z.string().min(1).max(100),
  action: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .filter((a) => known.has(a))
        .join(','),
    )
    .pipe(z.string().min(1)),
  organizationId: z.uuid(),
  source: auditSourceSchema,
  from: day,
  to: day,
});

/** The start of a day in the person's time zone, as the API's ISO instant. */
function startOf(dayText: string, plusDays = 0): string | undefined {
  const [y, m, d] = dayText.split('-').map(Number);
  const date = new Date(y as number, (m as number) - 1, (d as number) + plusDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API's filters for a view: `to` includes its whole day. */
export function toAuditFilters(view: AuditListParams): AuditFilters {
  const filters: AuditFilters = {
    actorId: view.actorId,
    userId: view.userId,
    targetType: view.targetType,
    targetId: view.targetType ? view.targetId : undefined,
    action: view.action,
    organizationId: view.organizationId,
    source: view.source,
    from: view.from ? startOf(view.from) : undefined,
    to: view.to ? startOf(view.to, 1) : undefined,
    q: view.search.trim().length >= 2 ? view.search.trim() : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as AuditFilters;
}

/** The Audit screen showing these filters (the Activity tabs link to it). */
export function auditLink(filters: Partial<Omit<AuditListParams, 'limit' | 'cursor' | 'search'>>): string {
  const query = auditList.write({ ...auditList.read(new URLSearchParams()), ...filters }).toString();
  return query ? `${paths.audit}?${query}` : paths.audit;
}
