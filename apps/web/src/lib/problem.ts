import { errorMessage, isApiError } from './api-client.ts';

/** The reasons a problem gives (each bad field's message, or its detail), for a toast. */
export function problemReason(error: unknown): string {
  if (!isApiError(error)) return errorMessage(error);
  const messages = [...new Set(error.errors.map((e) => e.message))];
  if (messages.length === 0) return errorMessage(error);
  const more = messages.length > 3 ? ` (and ${messages.length - 3} more)` : '';
  return `${messages.slice(0, 3).join('; ')}${more}.`;
}
