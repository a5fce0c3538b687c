import type { UserListParams } from '@/domain/users/list-params.ts';
import { readListParams, writeListParams } from '@/domain/users/list-params.ts';
import { paths } from '@/lib/paths.ts';

/** The figure cards: two a row on a phone, four from a tablet up. */
export const figureGrid = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: 'repeat(2, minmax(0, 1fr))', sm: 'repeat(4, minmax(0, 1fr))' },
} as const;

/** The charts: one a row on a phone, two from a laptop up. */
export const chartGrid = {
  display: 'grid',
  gap: 2,
  gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'repeat(2, minmax(0, 1fr))' },
} as const;

/** The users list showing what a figure counts (its filters in the address, as the list keeps them). */
export function usersLink(view: Partial<UserListParams>): string {
  const query = writeListParams({ ...readListParams(new URLSearchParams()), ...view }).toString();
  return query ? `${paths.users}?${query}` : paths.users;
}

export const numberFormat = new Intl.NumberFormat();
