import { z } from 'zod';

/** Field schemas and list-query pieces that every entity of the contract uses alike. */

/**
 * Refused in every name (people, roles, organizations) and in the other free text the API
 * stores: C0 and C1 controls and DEL (U+0000–U+001F, U+007F–U+009F), and the invisible marks
 * that reorder text (U+200E/F, U+202A–U+202E, U+2066–U+2069) or break lines (U+2028/9). A name
 * goes into mail subjects and bodies and onto every screen, where these would forge a new
 * header line or make "evil.com/moc.knab" read as something else.
 */
export const NO_CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  /^[^\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
export const CONTROL_CHARACTERS_MESSAGE = 'Remove control and text-direction characters';

/** The name of a role or an organization: required, trimmed, at most 100 characters. */
export const entityNameSchema = z
  .string({ error: 'Enter a name' })
  .trim()
  .min(1, { error: 'Enter a name' })
  .max(100, { error: 'Use at most 100 characters' })
  .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE });

/** A free-text description: trimmed, at most 500 characters. */
export const descriptionSchema = z
  .string()
  .trim()
  .max(500, { error: 'Use at most 500 characters' })
  .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE });

/** The `search` of a list query: at most 100 characters, trimmed. */
export const searchQuerySchema = z
  .string()
  .max(100)
  .regex(NO_CONTROL_CHARACTERS, { error: CONTROL_CHARACTERS_MESSAGE })
  .transform((s) => s.trim())
  .optional();

/** The largest page any list returns. */
export const PAGE_SIZE_MAX = 200;

/** The paging fields of a list query, spread last into its schema: a page size and an opaque keyset cursor (never an offset). */
export const keysetPageQuery = {
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
  cursor: z.string().max(512).optional(),
};

/**
 * A list counts its matches exactly up to this many (ADR 033); past it, `total` is the database's
 * estimate and `totalIsCapped` is true, so a big tenant's list costs the same as a small one's.
 */
export const LIST_TOTAL_CAP = 10_000;

/** One page of a keyset-paged list of `item`. */
export function keysetPageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    items: z.array(item),
    /** Pass as `cursor` for the next page; null on the last page. */
    nextCursor: z.string().nullable(),
    /**
     * How many items match the search and filters: exact up to 10,000 (`LIST_TOTAL_CAP`), an
     * estimate beyond (then `totalIsCapped` is true).
     */
    total: z.number().int().nonnegative(),
    /** True when more than 10,000 items match and `total` is an estimate, not a count. */
    totalIsCapped: z.boolean().optional(),
  });
}
