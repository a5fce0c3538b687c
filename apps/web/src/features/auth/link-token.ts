/**
 * The secret of a mailed link (`/invitations/accept#token=…`, `/reset-password#token=…`). It sits in
 * the fragment so that it never reaches a server log. The page reads it once, then takes it out of
 * the address bar (a screenshot, a shared screen or a copied address no longer shows it) and keeps
 * it in this history entry's state instead, so a reload of the page still works.
 */

const FRAGMENT_PARAM = 'token';
const HISTORY_KEY = 'linkToken';

function fragmentParams(hash: string): URLSearchParams {
  return new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
}

/** The token in a fragment such as `#token=abc`, or null when there is none. */
export function tokenFromFragment(hash: string): string | null {
  const token = fragmentParams(hash).get(FRAGMENT_PARAM)?.trim();
  return token ? token : null;
}

/** The fragment without its token (other parameters stay), '' when nothing is left. */
export function fragmentWithoutToken(hash: string): string {
  const params = fragmentParams(hash);
  params.delete(FRAGMENT_PARAM);
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

function tokenInHistoryState(state: unknown): string | null {
  if (typeof state !== 'object' || state === null) return null;
  const token = (state as Record<string, unknown>)[HISTORY_KEY];
  return typeof token === 'string' && token !== '' ? token : null;
}

type Where = Pick<Location, 'pathname' | 'search' | 'hash'>;

/** The link's token: from the address's fragment, else from this history entry (after a reload). */
export function readLinkToken(location: Where, history: Pick<History, 'state'>): string | null {
  return tokenFromFragment(location.hash) ?? tokenInHistoryState(history.state);
}

/**
 * Takes the token out of the address bar, without a navigation, and keeps it in the history entry's
 * state (next to what the router keeps there). Does nothing when the address holds no token.
 */
export function hideLinkToken(location: Where, history: Pick<History, 'state' | 'replaceState'>): void {
  const token = tokenFromFragment(location.hash);
  if (!token) return;
  const state = typeof history.state === 'object' && history.state !== null ? history.state : {};
  history.replaceState(
    { ...state, [HISTORY_KEY]: token },
    '',
    `${location.pathname}${location.search}${fragmentWithoutToken(location.hash)}`,
  );
}
