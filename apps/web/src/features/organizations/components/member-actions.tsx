import EditOutlined from '@mui/icons-material/EditOutlined';
import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import SwapHorizOutlined from '@mui/icons-material/SwapHorizOutlined';
import type { Organization, OrganizationMember, OrgRole } from '@team-access/contract';
import { useState } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog.tsx';
import { RowActionsMenu } from '@/components/row-actions-menu.tsx';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { errorMessage, isApiError } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import { type OrganizationAccess, useMe } from '../access.ts';
import { memberName, useRemoveOrganizationMember, useUpdateOrganizationMember } from '../api/mutations.ts';
import { EditMemberDialog } from './edit-member-dialog.tsx';

/** Says why the server refused, in the organization's words where it has a rule for it. */
function refusal(error: unknown, organization: Organization): string {
  if (isApiError(error) && error.code === 'last_org_owner') {
    return `${organization.name} must keep at least one org owner: make someone else org owner first.`;
  }
  return errorMessage(error);
}

/**
 * The ⋮ menu of a member's row: edit their names, phone and roles (a user manager's), change their
 * org role, or remove them. Offers only what is allowed.
 */
export function MemberActionsMenu({
  organization,
  member,
  access,
}: {
  organization: Organization;
  member: OrganizationMember;
  access: OrganizationAccess;
}) {
  const [removing, setRemoving] = useState(false);
  const [editing, setEditing] = useState(false);
  // An org admin changing their own role gives up (some of) their rights: that is confirmed first.
  const [demotingSelfTo, setDemotingSelfTo] = useState<OrgRole>();
  const update = useUpdateOrganizationMember(organization);
  const remove = useRemoveOrganizationMember(organization);
  const name = memberName(member);
  const losesOwnAccess = useMe()?.id === member.userId && !access.tenantAdmin;
  const changeRole = (orgRole: OrgRole) =>
    update.mutate(
      { member, orgRole },
      {
        onSettled: () => setDemotingSelfTo(undefined),
        onError: (error) => notify(refusal(error, organization), 'error'),
      },
    );

  const roles = access.canChangeMember(member)
    ? access.assignableOrgRoles.filter((role) => role !== member.orgRole)
    : [];
  const canRemove = access.canRemoveMember(member);
  const canEdit = access.canEditMember(member);
  // The IAM API keeps one org owner at least: say so on the entries instead of a refusal after.
  const lastOwner =
    member.orgRole === 'ORG_OWNER' && organization.ownerCount <= 1
      ? 'The only org owner: make someone else org owner first.'
      : undefined;
  if (roles.length === 0 && !canRemove && !canEdit) return null;

  return (
    <>
      <RowActionsMenu
        id={`member-actions-${member.userId}`}
        label={`Actions for ${name}`}
        disabled={update.isPending}
        actions={[
          ...(canEdit
            ? [
                {
                  key: 'edit',
                  label: 'Edit profile and roles',
                  icon: <EditOutlined fontSize="small" />,
                  onSelect: () => setEditing(true),
                },
              ]
            : []),
          ...roles.map((role) => ({
            key: role,
            label: `Make ${orgRoleLabels[role].toLowerCase()}`,
            icon: <SwapHorizOutlined fontSize="small" />,
            ...(lastOwner ? { disabledReason: lastOwner } : {}),
            onSelect: () => {
              if (losesOwnAccess) setDemotingSelfTo(role);
              else changeRole(role);
            },
          })),
          ...(canRemove
            ? [
                {
                  key: 'remove',
                  label: 'Remove from organization',
                  icon: <PersonRemoveOutlined fontSize="small" />,
                  destructive: true,
                  dividerBefore: roles.length > 0 || canEdit,
                  ...(lastOwner ? { disabledReason: lastOwner } : {}),
                  onSelect: () => setRemoving(true),
                },
              ]
            : []),
        ]}
      />
      {editing && <EditMemberDialog organization={organization} member={member} onClose={() => setEditing(false)} />}
      <ConfirmDialog
        open={removing}
        title={`Remove ${name} from ${organization.name}?`}
        confirmLabel="Remove member"
        destructive
        pending={remove.isPending}
        onClose={() => setRemoving(false)}
        onConfirm={() =>
          remove.mutate(member, {
            onSuccess: () => setRemoving(false),
            onError: (error) => {
              setRemoving(false);
              notify(refusal(error, organization), 'error');
            },
          })
        }
      >
        {losesOwnAccess
          ? `You will no longer belong to ${organization.name}, nor see or manage it here.`
          : `${member.email} will no longer belong to ${organization.name}${
              member.orgRole === 'ORG_MEMBER' ? '' : ' and will stop administering it'
            }. They stay on your team.`}
      </ConfirmDialog>
      <ConfirmDialog
        open={demotingSelfTo !== undefined}
        title={`Make yourself ${demotingSelfTo ? orgRoleLabels[demotingSelfTo].toLowerCase() : ''} of ${organization.name}?`}
        confirmLabel="Change my role"
        destructive
        pending={update.isPending}
        onClose={() => setDemotingSelfTo(undefined)}
        onConfirm={() => demotingSelfTo && changeRole(demotingSelfTo)}
      >
        {demotingSelfTo === 'ORG_MEMBER'
          ? `You will no longer administer ${organization.name}: it leaves your Organizations screen.`
          : `You will have the rights of an ${demotingSelfTo ? orgRoleLabels[demotingSelfTo].toLowerCase() : ''} in ${organization.name}.`}{' '}
        Only an org owner or an account administrator can give the rights back.
      </ConfirmDialog>
    </>
  );
}
