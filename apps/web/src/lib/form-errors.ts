import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { errorMessage, isApiError } from './api-client.ts';

/** The form field a problem+json error path names: `body.email` → `email`. */
export const bodyField = (path: string): string => path.replace(/^body\./, '');

/**
 * Splits a refused request's field errors (problem+json `errors[]`) into those a form shows at one
 * of its fields and the rest, which it shows above the form.
 */
export function serverFieldErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
  fieldOf: (path: string) => string = bodyField,
): { placed: { field: F; message: string }[]; unplaced: string[] } {
  const placed: { field: F; message: string }[] = [];
  const unplaced: string[] = [];
  if (!isApiError(error)) return { placed, unplaced };
  for (const fieldError of error.errors) {
    const field = fieldOf(fieldError.path);
    if ((fields as readonly string[]).includes(field)) placed.push({ field: field as F, message: fieldError.message });
    else unplaced.push(fieldError.message);
  }
  return { placed, unplaced };
}

/**
 * What the form's alert says after a refusal, given the messages no field shows and how many a
 * field shows; `undefined` shows no alert.
 */
export type ServerAlert = (error: unknown, unplaced: readonly string[], placed: number) => string | undefined;

/**
 * The dialogs that save a record: the problem's own words followed by what no field shows. A
 * stale version (412) says `stale` instead, or after the problem's words with `keepProblem`.
 */
export function problemAlert(stale?: string, { keepProblem = false } = {}): ServerAlert {
  return (error, unplaced) => {
    if (!isApiError(error)) return 'Something went wrong. Try again.';
    if (error.status === 412 && stale !== undefined) {
      return keepProblem ? [error.detail ?? error.title, stale, ...unplaced].join(' ') : stale;
    }
    if (error.errors.length > 0 && unplaced.length === 0) return undefined;
    return [error.detail ?? error.title, ...unplaced].join(' ');
  };
}

/** The forms of the public pages: what no field shows, or else `fallback`'s words for the failure. */
export function unplacedAlert(fallback: (error: unknown) => string = errorMessage): ServerAlert {
  return (error, unplaced, placed) => {
    if (placed > 0 && unplaced.length === 0) return undefined;
    return unplaced.join(' ') || fallback(error);
  };
}

/** When no field shows an error, the request's failure in general words (and nothing else). */
export const failureAlert: ServerAlert = (error, _unplaced, placed) => (placed === 0 ? errorMessage(error) : undefined);

interface ShowServerErrorsOptions {
  /** The form's fields that show a server's error under them. */
  fields: readonly string[];
  /** Which field an error path names (default: the path without `body.`). */
  fieldOf?: (path: string) => string;
  alert?: ServerAlert;
}

/**
 * Puts a refused request's field errors (problem+json `errors[]`) under their fields (focusing
 * the first) and the rest in the form's alert (`root.server`), as `alert` words it.
 */
export function showServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  { fields, fieldOf, alert = problemAlert() }: ShowServerErrorsOptions,
): void {
  const { placed, unplaced } = serverFieldErrors(error, fields, fieldOf);
  for (const { field, message } of placed) {
    setError(field as FieldPath<T>, { type: 'server', message }, { shouldFocus: true });
  }
  const message = alert(error, unplaced, placed.length);
  if (message !== undefined) setError('root.server', { type: 'server', message });
}
