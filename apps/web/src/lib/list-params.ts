import type { z } from 'zod';
import type { KeysetListParams, ListParamsCodec } from './use-list-view.ts';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** What every paged list keeps in the address, besides its own filters. */
export interface PagedListParams extends KeysetListParams {
  limit: number;
}

type FilterName<P> = Exclude<keyof P, keyof PagedListParams> & string;

/**
 * The codec of a list's view in the address (so a copied link opens the same view): the search,
 * the list's own filters (in the order given, each read with its schema), the page size and the
 * cursor. Anything unknown or malformed falls back to the default instead of breaking the screen,
 * and defaults are left out of the address so links stay short. A filter with a default (an
 * order) is not one that Clear filters resets.
 */
export function listParamsCodec<P extends PagedListParams>(
  filters: { [K in FilterName<P>]-?: z.ZodType<NonNullable<P[K]>> },
  defaults: Partial<Pick<P, FilterName<P>>> = {},
): ListParamsCodec<P> {
  const names = Object.keys(filters) as FilterName<P>[];
  const fallback = defaults as Partial<Record<string, unknown>>;
  const clearable = names.filter((name) => !(name in fallback));
  return {
    read(params) {
      const limit = Number(params.get('limit'));
      const view: Record<string, unknown> = { search: (params.get('search') ?? '').slice(0, 100) };
      for (const name of names) view[name] = filters[name].safeParse(params.get(name)).data ?? fallback[name];
      view.limit = (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE;
      view.cursor = params.get('cursor') || undefined;
      return view as P;
    },
    write(view) {
      const out = new URLSearchParams();
      if (view.search.trim()) out.set('search', view.search.trim());
      for (const name of names) {
        const value = view[name];
        if (value && value !== fallback[name]) out.set(name, String(value));
      }
      if (view.limit !== DEFAULT_PAGE_SIZE) out.set('limit', String(view.limit));
      if (view.cursor) out.set('cursor', view.cursor);
      return out;
    },
    isFiltered: (view) => clearable.some((name) => Boolean(view[name])),
    cleared: Object.fromEntries(clearable.map((name) => [name, undefined])) as Partial<P>,
  };
}
