import { mailLinkPaths } from '@team-access/contract';

/** A screen of one record: the list's path and the record's id. */
const recordPath = (list: string) => (id: string) => `${list}/${encodeURIComponent(id)}`;

/**
 * Every address of the web app, declared once: the screens' paths and builders of the links to one
 * record. The router, the navigation and every link use these. The pages reached from a mailed link
 * come from the contract (the IAM API builds those links).
 */
export const paths = {
  signIn: '/sign-in',
  /** Where a member must choose a new password before anything else (`reset_pw`). */
  choosePassword: '/choose-password',
  /** Where a member must set up two-step sign-in before anything else (the tenant's policy). */
  setUpTwoStep: '/set-up-two-step',
  /** The account's settings: who must use two-step sign-in. */
  settings: '/settings',
  /** Where an OWNER or ADMIN lands: the team in figures. */
  overview: '/overview',
  users: '/users',
  user: recordPath('/users'),
  permissions: '/permissions',
  roles: '/roles',
  role: recordPath('/roles'),
  organizations: '/organizations',
  organization: recordPath('/organizations'),
  invites: '/invites',
  audit: '/audit',
  /** Tenant webhooks (OWNER and ADMIN). */
  webhooks: '/webhooks',
  ...mailLinkPaths,
} as const;
