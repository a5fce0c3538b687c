import { mustSetUpTwoStep } from '@team-access/contract';
import { toListQuery, userList } from '@/domain/users/list-params.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { queryClient } from '@/lib/query-client.ts';
import { sessionQueries } from '@/lib/session.ts';

/**
 * Route loaders that start a screen's first requests while its code is still downloading (ADR 043):
 * the router runs them at navigation, in parallel with the routes' `lazy` imports. They never block
 * the navigation (they return at once) and they fill the same query cache entries the screens then
 * read, so a screen finds its data in flight or already there. Failures are the screens' to show.
 *
 * Their routes say `shouldRevalidate: () => false`: a loader that ran again at every change of the
 * address's search would make those navigations asynchronous, and a list's debounced search could
 * then write back a filter that "Clear filters" had just removed (the users e2e test caught it).
 */

/** The session, which the app shell needs before anything else (the BFF answers `null` when signed out). */
export function prefetchSession(): null {
  void queryClient.prefetchQuery(sessionQueries.current());
  return null;
}

/**
 * The users list as the address asks for it, once the session says this person may read it (a
 * delegated admin is sent elsewhere; nobody signed in goes to sign in).
 */
export function prefetchUsersList({ request }: { request: Request }): null {
  const view = userList.read(new URL(request.url).searchParams);
  void queryClient
    .ensureQueryData(sessionQueries.current())
    .then((session) => {
      if (session && session.user.role !== 'MEMBER' && !session.user.resetPw && !mustSetUpTwoStep(session.user)) {
        return queryClient.prefetchQuery(userQueries.list(toListQuery(view)));
      }
    })
    .catch(() => undefined);
  return null;
}
