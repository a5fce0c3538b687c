import { LIST_TOTAL_CAP } from '@team-access/contract';

/**
 * A list's `total` as a person reads it (ADR 033): exact ("9,999"), or, when the API capped its
 * count and `total` is an estimate, "10,000+" for a modest estimate and "about 120K" /
 * "about 1.0M" for a big one, never a precise-looking number that is not.
 */
export function formatTotal(page: { total: number; totalIsCapped?: boolean | undefined }): string {
  const { total, totalIsCapped } = page;
  if (!totalIsCapped) return total.toLocaleString('en');
  if (total >= 1_000_000) return `about ${(total / 1_000_000).toFixed(1)}M`;
  if (total >= 100_000) return `about ${Math.round(total / 1000)}K`;
  return `${LIST_TOTAL_CAP.toLocaleString('en')}+`;
}

/** "1 member", "250 members", "10,000+ members", "about 1.0M members". */
export function countOf(
  page: { total: number; totalIsCapped?: boolean | undefined },
  one: string,
  many: string,
): string {
  return `${formatTotal(page)} ${page.total === 1 && !page.totalIsCapped ? one : many}`;
}
