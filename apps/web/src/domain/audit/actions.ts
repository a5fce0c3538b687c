import type { AuditAction, AuditTargetType } from '@team-access/contract';

/** Each action's name in the Action filter, grouped as the screens are. */
export const actionLabels: Record<AuditAction, string> = {
  'user.created': 'Member added',
  'user.bootstrapped_owner': 'First owner created',
  'user.updated': 'Member changed',
  'user.deleted': 'Member deleted',
  'user.permissions_changed': 'Permissions granted or revoked',
  'user.roles_changed': 'Roles given or taken',
  'user.password_set': 'Password set by an administrator',
  'user.password_changed': 'Password changed',
  'user.password_check_failed': 'Wrong current password',
  'user.password_reset': 'Password reset from a link',
  'auth.signed_in': 'Signed in',
  'auth.signed_out': 'Signed out',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.session_ended': 'Sessions ended',
  'auth.password_reset_requested': 'Password reset link sent',
  'role.created': 'Role created',
  'role.updated': 'Role changed',
  'role.deleted': 'Role deleted',
  'organization.created': 'Organization created',
  'organization.updated': 'Organization changed',
  'organization.deleted': 'Organization deleted',
  'organization.member_added': 'Organization member added',
  'organization.member_role_changed': 'Organization role changed',
  'organization.member_removed': 'Organization member removed',
  'invitation.sent': 'Invitation sent',
  'invitation.resent': 'Invitation sent again',
  'invitation.revoked': 'Invitation withdrawn',
  'invitation.accepted': 'Invitation accepted',
};

export const targetTypeLabels: Record<AuditTargetType, string> = {
  user: 'Members',
  role: 'Roles',
  organization: 'Organizations',
  invitation: 'Invitations',
  session: 'Sign-ins',
};
