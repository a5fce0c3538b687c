import type { Refusal } from '@team-access/contract';
import { AppError } from '../errors.ts';

/**
 * The shared rules (packages/contract/src/rules) decide; the IAM API answers a refusal as a 403
 * `forbidden` problem carrying the rule's sentence and the fields it names.
 */
export function enforce(refusal: Refusal | undefined): void {
  if (refusal) throw new AppError(403, 'forbidden', refusal.detail, refusal.errors.length ? refusal.errors : undefined);
}

/** A refusal that is about what the request asks rather than who asks: 400 naming the fields. */
export function rejectInvalid(refusal: Refusal | undefined): void {
  if (refusal) throw new AppError(400, 'validation_failed', refusal.detail, refusal.errors);
}
