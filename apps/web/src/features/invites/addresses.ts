import { emailSchema } from '@team-access/contract';

/**
 * Email addresses as people type or paste them: one or many, separated by commas, semicolons,
 * spaces or line breaks, sometimes as a mail program copies them ("Ada Lovelace <ada@x.test>").
 */

const SEPARATORS = /[\s,;]+/;
/** `Name <address>` and `"Last, First" <address>`: the address alone is kept. */
const NAMED_ADDRESS = /(?:"[^"]*"|[^<>,;\r\n"])*<([^<>]*)>/g;

/** The addresses in a text, in order, trimmed; empty pieces are dropped (nothing is checked here). */
export function splitAddresses(text: string): string[] {
  return text
    .replace(NAMED_ADDRESS, ' $1 ')
    .split(SEPARATORS)
    .map((piece) => piece.replace(/^mailto:/i, '').trim())
    .filter(Boolean);
}

/** True when the text ends with a separator: the address before it is complete. */
export function endsWithSeparator(text: string): boolean {
  return /[\s,;]$/.test(text);
}

/** Why an address cannot be invited, in the contract's words; undefined when it is a valid address. */
export function addressProblem(address: string): string | undefined {
  const parsed = emailSchema.safeParse(address);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'Enter a valid email address');
}

/** Addresses are compared as the IAM API compares emails: trimmed, in any letter case. */
export const addressKey = (address: string) => address.trim().toLowerCase();

/**
 * The list with the new addresses added at the end; an address already in the list (in any letter
 * case) is merged into the one there. `merged` counts them, so the field can say so.
 */
export function addAddresses(
  current: readonly string[],
  added: readonly string[],
): { addresses: string[]; merged: number } {
  const seen = new Set(current.map(addressKey));
  const addresses = [...current];
  let merged = 0;
  for (const address of added) {
    const key = addressKey(address);
    if (seen.has(key)) {
      merged += 1;
      continue;
    }
    seen.add(key);
    addresses.push(address);
  }
  return { addresses, merged };
}

export interface AddressCheck {
  address: string;
  /** Why it cannot be invited; undefined when it can. */
  problem: string | undefined;
}

export function checkAddresses(addresses: readonly string[]): AddressCheck[] {
  return addresses.map((address) => ({ address, problem: addressProblem(address) }));
}
