import { z } from 'zod';
import * as accessTokens from './access-tokens.ts';
import * as audit from './audit.ts';
import * as auth from './auth.ts';
import * as invitation from './invitations.ts';
import * as organization from './organizations.ts';
import * as overview from './overview.ts';
import * as permissionCheck from './permission-checks.ts';
import * as permission from './permissions.ts';
import { fieldErrorSchema, problemSchema } from './problem.ts';
import * as role from './roles.ts';
import * as session from './sessions.ts';
import * as user from './user.ts';

/**
 * The names of the API's schemas, as the screens and the seeds name them. The OpenAPI document
 * turns each into `#/components/schemas/<id>` and refers to it with `$ref` wherever the schema is
 * used, so a generated client gets named types. A schema is registered by identity: the one the
 * server validates with is the one named here.
 */
export const componentSchemas = z.registry<{ id: string }>();

const names: [z.ZodType, string][] = [
  // Resources, pages and their parts (answers).
  [user.accessLevelSchema, 'AccessLevel'],
  [user.userStatusSchema, 'UserStatus'],
  [user.permissionSourceSchema, 'PermissionSource'],
  [user.userSchema, 'User'],
  [user.userGroupSchema, 'UserGroup'],
  [user.expandedUserSchema, 'UserWithGroups'],
  [user.userListSchema, 'UserPage'],
  [user.expandedUserListSchema, 'UserWithGroupsPage'],
  [user.bulkPermissionResultSchema, 'BulkPermissionChangeResult'],
  [permission.permissionSchema, 'PermissionCatalogEntry'],
  [permission.permissionCategorySchema, 'PermissionCategory'],
  [permission.permissionCatalogSchema, 'PermissionCatalog'],
  [role.roleSchema, 'Role'],
  [role.roleListSchema, 'RoleList'],
  [role.roleDeletionImpactSchema, 'RoleDeletionImpact'],
  [role.roleAssignmentResultSchema, 'RoleAssignmentResult'],
  [organization.orgRoleSchema, 'OrgRole'],
  [organization.organizationSchema, 'Organization'],
  [organization.organizationListSchema, 'OrganizationPage'],
  [overview.overviewSchema, 'Overview'],
  [overview.overviewPermissionCountSchema, 'OverviewPermissionCount'],
  [permissionCheck.permissionCheckReasonSchema, 'PermissionCheckReason'],
  [permissionCheck.permissionCheckResultSchema, 'PermissionCheckResult'],
  [permissionCheck.permissionChecksResultSchema, 'PermissionCheckResults'],
  [organization.organizationMemberSchema, 'Membership'],
  [organization.organizationMemberListSchema, 'MembershipPage'],
  [organization.userOrganizationListSchema, 'UserOrganizationList'],
  [invitation.invitationStatusSchema, 'InvitationStatus'],
  [invitation.invitationSchema, 'Invitation'],
  [invitation.invitationListSchema, 'InvitationPage'],
  [invitation.bulkInvitationRowResultSchema, 'BulkInvitationRowResult'],
  [invitation.bulkInvitationResultSchema, 'BulkInvitationResult'],
  [invitation.invitationPreviewSchema, 'InvitationPreview'],
  [invitation.acceptInvitationResultSchema, 'AcceptInvitationResult'],
  [invitation.passwordResetPreviewSchema, 'PasswordResetPreview'],
  [invitation.emailVerificationResultSchema, 'EmailVerificationResult'],
  [session.userSessionSchema, 'UserSession'],
  [session.userSessionListSchema, 'UserSessionList'],
  [session.sessionsEndedSchema, 'SessionsEnded'],
  [audit.auditEventSchema, 'AuditEvent'],
  [audit.auditEventPageSchema, 'AuditEventPage'],
  [audit.auditRevertPreviewSchema, 'AuditRevertPreview'],
  [audit.auditRevertResultSchema, 'AuditRevertResult'],
  [auth.signInResultSchema, 'SignInResult'],
  [auth.healthSchema, 'Health'],
  [accessTokens.jwksSchema, 'JsonWebKeySet'],
  [accessTokens.accessTokenJwkSchema, 'JsonWebKey'],
  [fieldErrorSchema, 'FieldError'],
  [problemSchema, 'Problem'],
  // Request bodies.
  [auth.iamSignInSchema, 'SignInRequest'],
  [user.createUserSchema, 'CreateUserRequest'],
  [user.updateUserSchema, 'UpdateUserRequest'],
  [user.replaceUserSchema, 'ReplaceUserRequest'],
  [user.setPasswordSchema, 'SetPasswordRequest'],
  [user.changeOwnPasswordSchema, 'ChangeOwnPasswordRequest'],
  [user.bulkPermissionChangeSchema, 'BulkPermissionChangeRequest'],
  [role.createRoleSchema, 'CreateRoleRequest'],
  [role.updateRoleSchema, 'UpdateRoleRequest'],
  [permissionCheck.permissionChecksRequestSchema, 'PermissionChecksRequest'],
  [role.roleAssignmentSchema, 'RoleAssignmentRequest'],
  [organization.createOrganizationSchema, 'CreateOrganizationRequest'],
  [organization.updateOrganizationSchema, 'UpdateOrganizationRequest'],
  [organization.addOrganizationMemberSchema, 'AddMembershipRequest'],
  [organization.updateOrganizationMemberSchema, 'UpdateMembershipRequest'],
  [invitation.createInvitationSchema, 'CreateInvitationRequest'],
  [invitation.bulkInvitationSchema, 'BulkInvitationRequest'],
  [invitation.invitationTokenSchema, 'InvitationTokenRequest'],
  [invitation.acceptInvitationSchema, 'AcceptInvitationRequest'],
  [invitation.requestPasswordResetSchema, 'PasswordResetRequest'],
  [invitation.passwordResetTokenSchema, 'PasswordResetTokenRequest'],
  [invitation.completePasswordResetSchema, 'CompletePasswordResetRequest'],
  [invitation.emailVerificationTokenSchema, 'EmailVerificationTokenRequest'],
  [audit.applyAuditRevertSchema, 'AuditRevertRequest'],
];
for (const [schema, id] of names) componentSchemas.add(schema, { id });

/** The component name of a schema, if it has one. */
export function componentName(schema: z.ZodType): string | undefined {
  return componentSchemas.get(schema)?.id;
}

/** Every named schema, in declaration order. */
export const namedComponents: readonly (readonly [z.ZodType, string])[] = names;
