import {
  accessLevelSchema,
  DEFAULT_USER_SORT,
  type ListUsersQuery,
  type UserSort,
  userSortSchema,
  userStatusSchema,
} from '@team-access/contract';
import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, listParamsCodec, type PagedListParams } from '@/lib/list-params.ts';

const uuid = z.uuid();

/** The account checks the list filters on: an unverified email, or a new password required. */
export const accountChecks = ['unverified-email', 'new-password'] as const;
export type AccountCheck = (typeof accountChecks)[number];
export const accountCheckLabels: Record<AccountCheck, string> = {
  'unverified-email': 'Email not verified',
  'new-password': 'New password required',
};

/** The two-step sign-in filter: members with a factor, or without one. */
export const twoStepStates = ['on', 'off'] as const;
export type TwoStepState = (typeof twoStepStates)[number];
export const twoStepLabels: Record<TwoStepState, string> = { on: 'On', off: 'Off' };

export { DEFAULT_PAGE_SIZE, PAGE_SIZES } from '@/lib/list-params.ts';

export interface UserListParams extends PagedListParams {
  role: ListUsersQuery['role'];
  status: ListUsersQuery['status'];
  /** A role's id (the API's `group` filter): members who hold it. */
  group: string | undefined;
  /** Members of this organization. */
  organizationId: string | undefined;
  /** Only members with this account check open. */
  check: AccountCheck | undefined;
  /** Only members with (on) or without (off) two-step sign-in. */
  twoStep: TwoStepState | undefined;
  sort: UserSort;
}

/** The users list's view in the address; the sort is an order, not a filter Clear filters resets. */
export const userList = listParamsCodec<UserListParams>(
  {
    role: accessLevelSchema,
    status: userStatusSchema,
    group: uuid,
    organizationId: uuid,
    check: z.enum(accountChecks),
    twoStep: z.enum(twoStepStates),
    sort: userSortSchema,
  },
  { sort: DEFAULT_USER_SORT },
);
export const { read: readListParams, write: writeListParams } = userList;

/**
 * The view's search and filters alone, without its order and page: the permission matrix reads
 * them under the same names, so the list's "Open in the matrix" shows the same members there.
 */
export function filterParams(view: UserListParams): URLSearchParams {
  // The matrix has no account-check filter: it shows the members of the other filters.
  return writeListParams({
    ...view,
    check: undefined,
    twoStep: undefined,
    sort: DEFAULT_USER_SORT,
    limit: DEFAULT_PAGE_SIZE,
    cursor: undefined,
  });
}

export function toListQuery(view: UserListParams): ListUsersQuery {
  return {
    search: view.search.trim() || undefined,
    role: view.role,
    status: view.status,
    group: view.group,
    organizationId: view.organizationId,
    ...(view.check === 'unverified-email' ? { emailVerified: 'false' as const } : {}),
    ...(view.check === 'new-password' ? { resetPw: 'true' as const } : {}),
    ...(view.twoStep ? { mfa: view.twoStep === 'on' ? ('true' as const) : ('false' as const) } : {}),
    sort: view.sort,
    limit: view.limit,
    cursor: view.cursor,
  };
}
