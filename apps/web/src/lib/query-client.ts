import { MutationCache, notifyManager, QueryCache, QueryClient } from '@tanstack/react-query';
import { PASSWORD_CHANGE_REQUIRED } from '@team-access/contract';
import { errorMessage, isApiError, isUnauthorized } from './api-client.ts';
import { isUnreachableStatus } from './connectivity.ts';
import { notify } from './notifications.ts';
import { sessionQueries } from './session.ts';

interface AppMeta extends Record<string, unknown> {
  /** Do not toast this error: the component shows it itself. */
  silent?: boolean;
  /** What to toast instead of the server's own words. */
  errorMessage?: string;
  /** A query over the audit log: every successful change refreshes it (each one writes an event). */
  auditLog?: boolean;
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: AppMeta;
    mutationMeta: AppMeta;
  }
}

/** Refusals that hold the whole session until the person does one thing (ADR 028, ADR 031). */
const HOLDING_CODES: ReadonlySet<string> = new Set([PASSWORD_CHANGE_REQUIRED, 'two_step_setup_required']);

/**
 * An administrator required a new password, or the account now requires two-step sign-in, while
 * this session was open: the IAM refuses every call but a few until it is done. Reading the
 * session again makes the shell open the page that does it.
 */
function requiresNewPassword(error: unknown): boolean {
  if (!isApiError(error) || !HOLDING_CODES.has(error.code)) return false;
  void queryClient.invalidateQueries({ queryKey: sessionQueries.all() });
  return true;
}

function reportError(error: unknown, meta: AppMeta | undefined): void {
  if (requiresNewPassword(error)) return;
  // A 401 is not a toast: the api client's listener sends the person to sign in.
  if (meta?.silent || isUnauthorized(error)) return;
  notify(meta?.errorMessage ?? errorMessage(error), 'error');
}

const MAX_RETRIES = 2;

// Observers hear of a cache change in a microtask, not a `setTimeout(0)` task (TanStack's default):
// an optimistic update made in a click (a matrix cell) reaches the screen in the frame after the
// click instead of one frame later. Notifications are still batched (`notifyManager.batch`).
notifyManager.setScheduler(queueMicrotask);

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    // A read that failed because the server is unreachable is the connectivity banner's to tell.
    onError: (error, query) => {
      if (isApiError(error) && isUnreachableStatus(error.status)) return;
      reportError(error, query.meta);
    },
  }),
  mutationCache: new MutationCache({
    onError: (error, _variables, _context, mutation) => reportError(error, mutation.meta),
    // Every change the IAM accepts writes an audit event: the log, and each page's Activity, show it.
    onSuccess: () => refreshAuditLog(),
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will answer the same again: only network trouble and 5xx are retried.
      retry: (failureCount, error) => {
        if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
        return failureCount < MAX_RETRIES;
      },
    },
    mutations: { retry: false },
  },
});

/** Marks every audit-log query stale; the ones on screen fetch again. */
function refreshAuditLog(): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (query) => query.meta?.auditLog === true });
}
