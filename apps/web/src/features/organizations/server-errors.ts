import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { isApiError } from '@/lib/api-client.ts';

/**
 * Puts a refused request's field errors (problem+json `errors[]`, paths like `body.slug`) under
 * their fields, and everything else in the form's alert (`root.server`).
 */
export function showServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: ReadonlySet<string>,
  staleMessage = 'Someone else changed this meanwhile. Close and open it again.',
): void {
  if (!isApiError(error)) {
    setError('root.server', { type: 'server', message: 'Something went wrong. Try again.' });
    return;
  }
  if (error.status === 412) {
    setError('root.server', { type: 'server', message: staleMessage });
    return;
  }
  const unplaced: string[] = [];
  for (const fieldError of error.errors) {
    const field = fieldError.path.replace(/^body\./, '');
    if (fields.has(field)) {
      setError(field as FieldPath<T>, { type: 'server', message: fieldError.message }, { shouldFocus: true });
    } else {
      unplaced.push(fieldError.message);
    }
  }
  if (error.errors.length === 0 || unplaced.length > 0) {
    setError('root.server', { type: 'server', message: [error.detail ?? error.title, ...unplaced].join(' ') });
  }
}
