import { isApiError } from '@/lib/api-client.ts';

/**
 * Splits a refused request's field errors (problem+json `errors[]`, paths such as `body.password`)
 * into those a form shows at one of its fields and the rest, which it shows above the form.
 */
export function serverFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): { placed: { field: F; message: string }[]; unplaced: string[] } {
  const placed: { field: F; message: string }[] = [];
  const unplaced: string[] = [];
  if (!isApiError(error)) return { placed, unplaced };
  for (const fieldError of error.errors) {
    const field = fieldError.path.replace(/^body\./, '');
    if ((fields as readonly string[]).includes(field)) placed.push({ field: field as F, message: fieldError.message });
    else unplaced.push(fieldError.message);
  }
  return { placed, unplaced };
}
