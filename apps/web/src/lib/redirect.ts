import { paths } from './paths.ts';

export const SIGN_IN_PATH = paths.signIn;
/**
 * Where sign-in lands: the start. The app shell sends each person on to their own first screen
 * (`useScreenAccess().home`): the overview for owners and admins, Users for a plain member,
 * Organizations for an organization's admin (ADR 045).
 */
export const HOME_PATH = '/';

/**
 * The `next` query parameter, if it is safe to go to: a same-origin relative path that starts with
 * a single '/' (never `//host` or `/\host`, which browsers read as another origin), and not the
 * sign-in page itself.
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  // Control characters and spaces have no business in a path we built ourselves.
  if ([...next].some((char) => char.charCodeAt(0) <= 0x20 || char.charCodeAt(0) === 0x7f)) return null;
  let url: URL;
  try {
    url = new URL(next, window.location.origin);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin || url.pathname === SIGN_IN_PATH) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page, remembering where the person was so they come back there after signing in. */
export function signInPath(from: { pathname: string; search?: string; hash?: string }): string {
  const here = `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
  const next = safeNextPath(here);
  if (!next || next === HOME_PATH) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?${new URLSearchParams({ next }).toString()}`;
}
