import fc from 'fast-check';
import { expect } from 'vitest';

/** Values that are not a string, for fields that must be one. */
export const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object());

/** One to three fields a strict body does not know (never one of `known`). */
export function unknownFields(known: Iterable<string>) {
  const names = new Set([...known, '__proto__']);
  return fc.dictionary(
    fc.string({ minLength: 1 }).filter((k) => !names.has(k)),
    fc.jsonValue(),
    { minKeys: 1, maxKeys: 3 },
  );
}

/**
 * Bodies that must all be refused: a valid one with one to three mutations applied (each alone
 * makes it invalid), or now and then something that is not an object at all.
 */
export function invalidBodies(valid: Record<string, unknown>, mutation: fc.Arbitrary<Record<string, unknown>>) {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => Object.assign({}, valid, ...ms)),
    },
    { weight: 1, arbitrary: fc.oneof(fc.array(fc.jsonValue()), fc.integer(), fc.string(), fc.constant(null)) },
  );
}

/** The answer to an invalid body: a refusal (4xx), never a 5xx; the body and the answer are shown when not. */
export function expectRefused(res: { status: number; json: unknown }, body: unknown): void {
  expect(res.status, JSON.stringify({ body, answer: res.json })).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify({ body, answer: res.json })).toBeLessThan(500);
}
