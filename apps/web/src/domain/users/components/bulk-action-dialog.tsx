import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Select from '@mui/material/Select';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AccessLevel,
  accessLevels,
  type BulkAction,
  type BulkActionType,
  type BulkChange,
  type BulkPlan,
  type BulkResult,
  type BulkSkipReason,
  type OrgRole,
  orgRoles,
} from '@team-access/contract';
import { useCallback, useId, useState } from 'react';
import { LoadError } from '@/components/load-error.tsx';
import { DryRunResult } from '@/domain/jobs/dry-run-result.tsx';
import { JobProgress } from '@/domain/jobs/job-progress.tsx';
import { orgRoleLabels } from '@/domain/organizations/org-roles.ts';
import { roleQueries } from '@/domain/roles/queries.ts';
import { bulkApi } from '@/domain/users/bulk-api.ts';
import { accessLevelLabels } from '@/domain/users/components/user-chips.tsx';
import { organizationOptionsQuery } from '@/domain/users/organization-options.ts';
import { catalogQueries } from '@/domain/users/queries.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { notify } from '@/lib/notifications.ts';
import type { BulkSelection } from '../use-member-selection.ts';

/** The bulk actions, in the menu's order: its item, and the verb of the confirm button. */
export const bulkActionLabels: Record<BulkActionType, { menu: string; verb: string; choice?: string }> = {
  activate: { menu: 'Activate', verb: 'Activate' },
  deactivate: { menu: 'Deactivate', verb: 'Deactivate' },
  setAccessLevel: { menu: 'Change access level', verb: 'Change the access level of' },
  addRoles: { menu: 'Add roles', verb: 'Add roles to' },
  removeRoles: { menu: 'Remove roles', verb: 'Remove roles from' },
  addToOrganization: { menu: 'Add to an organization', verb: 'Add to the organization' },
  removeFromOrganization: { menu: 'Remove from an organization', verb: 'Remove from the organization' },
  grantPermissions: { menu: 'Grant permissions', verb: 'Grant permissions to', choice: 'Grant' },
  revokePermissions: { menu: 'Revoke permissions', verb: 'Revoke permissions from', choice: 'Revoke' },
  delete: { menu: 'Delete', verb: 'Delete' },
};

const skipLabels: Record<BulkSkipReason, string> = {
  self: 'Your own account',
  owner: 'Owners',
  forbidden: 'Not yours to change',
  last_owner: 'The last active owner',
  last_org_owner: 'The last ORG_OWNER of an organization',
  invited: 'Invited, not members yet',
  unchanged: 'Already so',
};

const members = (n: number) => `${n.toLocaleString('en-GB')} member${n === 1 ? '' : 's'}`;

export type { BulkSelection } from '../use-member-selection.ts';

interface Params {
  role?: AccessLevel;
  roleIds: string[];
  keys: string[];
  organizationId?: string;
  orgRole: OrgRole;
}

/** The action with its parameters, or undefined while one is missing. */
function actionOf(type: BulkActionType, p: Params): BulkAction | undefined {
  switch (type) {
    case 'setAccessLevel':
      return p.role ? { type, role: p.role } : undefined;
    case 'addRoles':
    case 'removeRoles':
      return p.roleIds.length ? { type, roleIds: p.roleIds } : undefined;
    case 'grantPermissions':
    case 'revokePermissions':
      return p.keys.length ? { type, keys: p.keys } : undefined;
    case 'addToOrganization':
      return p.organizationId ? { type, organizationId: p.organizationId, orgRole: p.orgRole } : undefined;
    case 'removeFromOrganization':
      return p.organizationId ? { type, organizationId: p.organizationId } : undefined;
    default:
      return { type };
  }
}

const takesParams = (type: BulkActionType) => !['activate', 'deactivate', 'delete'].includes(type);

/**
 * One bulk action on a selection: its parameters, then the IAM API's dry run (how many change, a
 * sample, who is skipped and why), then a confirm naming what it affects. Up to 1,000 members are
 * applied at once and the toast offers Undo; more run as a job with a progress bar, Cancel and the
 * outcome file. The users list opens it from its Bulk actions menu; the permission matrix opens it
 * on one column with its parameters given (`keys`) and a choice between granting and revoking
 * (`choices`), so it starts at the dry run.
 */
export function BulkActionDialog({
  type: initialType,
  target,
  onClose,
  onApplied,
  title,
  keys,
  choices,
  doneMessage,
}: {
  type: BulkActionType;
  target: BulkSelection;
  onClose: () => void;
  onApplied: () => void;
  /** The dialog's heading; "<action>: <selection>" without it. */
  title?: string;
  /** The permissions to grant or revoke, given by the screen: no parameter step. */
  keys?: string[];
  /** Actions the admin may switch between on the dry run (grant or revoke), the first shown first. */
  choices?: BulkActionType[];
  /** The toast once applied ("Granted Journeys to 3 members"); "<action>: N members changed" without it. */
  doneMessage?: (type: BulkActionType, result: BulkResult) => string;
}) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const [type, setType] = useState(initialType);
  const [params, setParams] = useState<Params>({ roleIds: [], keys: keys ?? [], orgRole: 'ORG_MEMBER' });
  const [reviewing, setReviewing] = useState(!takesParams(type) || keys !== undefined);
  const canGoBack = reviewing && takesParams(type) && keys === undefined;
  const [jobId, setJobId] = useState<string>();
  const action = actionOf(type, params);
  const body = action ? { selection: target.selection, action } : undefined;
  const label = bulkActionLabels[type];

  const plan = useQuery({
    queryKey: ['users', 'bulk-plan', body],
    queryFn: ({ signal }) => bulkApi.dryRun(body as BulkChange, signal),
    enabled: reviewing && body !== undefined && jobId === undefined,
    meta: { silent: true },
    staleTime: 0,
    gcTime: 0,
  });
  const refresh = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['users'] }), [queryClient]);
  const apply = useMutation({
    mutationFn: () => bulkApi.apply(body as BulkChange),
    meta: { silent: true },
    onSuccess: (answer) => {
      refresh();
      if ('changedUserIds' in answer) {
        done(answer);
        onApplied();
      } else setJobId(answer.id);
    },
  });

  function done(result: BulkResult) {
    const undo = result.undo;
    notify(
      doneMessage?.(type, result) ??
        `${label.menu}: ${members(result.changed)} changed${result.skipped ? `, ${result.skipped} skipped` : ''}.`,
      'success',
      undo.length
        ? {
            group: 'bulk-change',
            action: {
              label: 'Undo',
              onClick: () => {
                void (async () => {
                  try {
                    for (const step of undo) await bulkApi.apply(step);
                    notify(`Undone: ${members(result.changed)} as they were.`, 'success', { group: 'bulk-change' });
                  } catch (failure) {
                    notify(`The undo failed. ${errorMessage(failure)}`, 'error');
                  } finally {
                    refresh();
                  }
                })();
              },
            },
          }
        : { group: 'bulk-change' },
    );
  }

  const busy = apply.isPending;
  return (
    <Dialog open onClose={busy || jobId ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{title ?? `${label.menu}: ${target.description}`}</DialogTitle>
      <DialogContent dividers>
        {choices && !jobId && (
          <Box sx={{ mb: 2 }}>
            <RadioGroup
              row
              aria-label="What to do"
              value={type}
              onChange={(event) => setType(event.target.value as BulkActionType)}
            >
              {choices.map((choice) => (
                <FormControlLabel
                  key={choice}
                  value={choice}
                  control={<Radio />}
                  label={bulkActionLabels[choice].choice ?? bulkActionLabels[choice].menu}
                  disabled={busy}
                />
              ))}
            </RadioGroup>
          </Box>
        )}
        {apply.isError && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            Nothing was changed. {errorMessage(apply.error)}
          </Alert>
        )}
        {jobId ? (
          <JobProgress key={jobId} jobId={jobId} onFinished={refresh} onUndo={setJobId} />
        ) : !reviewing ? (
          <ParamsForm type={type} params={params} onChange={setParams} />
        ) : (
          <DryRunResult plan={plan} pendingLabel="Working out what would change">
            {(data) => <PlanSummary plan={data} />}
          </DryRunResult>
        )}
      </DialogContent>
      <DialogActions>
        {jobId ? (
          <Button onClick={onApplied}>Close</Button>
        ) : (
          <>
            <Button onClick={canGoBack ? () => setReviewing(false) : onClose} disabled={busy}>
              {canGoBack ? 'Back' : 'Cancel'}
            </Button>
            {reviewing ? (
              <Button
                variant="contained"
                color={type === 'delete' || type === 'deactivate' ? 'error' : 'primary'}
                onClick={() => apply.mutate()}
                loading={busy}
                disabled={!plan.data || plan.data.changed === 0}
              >
                {plan.data ? `${label.verb} ${members(plan.data.changed)}` : label.verb}
              </Button>
            ) : (
              <Button variant="contained" disabled={!action} onClick={() => setReviewing(true)}>
                Review
              </Button>
            )}
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

function PlanSummary({ plan }: { plan: BulkPlan }) {
  return (
    <Stack spacing={2}>
      <Typography>
        The selection is {members(plan.total)} now: <strong>{members(plan.changed)}</strong> will change
        {plan.skipped ? `, ${plan.skipped.toLocaleString('en-GB')} will be skipped` : ''}.
      </Typography>
      {plan.sample.length > 0 && (
        <div>
          <Typography variant="subtitle2" component="h3">
            {plan.changed > plan.sample.length ? `For example (${plan.sample.length} of ${plan.changed})` : 'Changes'}
          </Typography>
          <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
            {plan.sample.map((m) => (
              <li key={m.userId}>
                <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
                  {m.name ?? m.email}: {m.detail}
                </Typography>
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.skippedReasons.map((reason) => (
        <div key={reason.reason}>
          <Typography variant="subtitle2" component="h3">
            Skipped — {skipLabels[reason.reason]} ({reason.count.toLocaleString('en-GB')})
          </Typography>
          <ul style={{ margin: 0, paddingLeft: '1.25rem' }}>
            {reason.sample.map((m) => (
              <li key={m.userId}>
                <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                  {m.name ?? m.email}: {m.detail}
                </Typography>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </Stack>
  );
}

function ParamsForm({
  type,
  params,
  onChange,
}: {
  type: BulkActionType;
  params: Params;
  onChange: (next: Params) => void;
}) {
  const orgLabel = useId();
  const roles = useQuery({ ...roleQueries.list(), enabled: type === 'addRoles' || type === 'removeRoles' });
  const catalog = useQuery({
    ...catalogQueries.catalog(),
    enabled: type === 'grantPermissions' || type === 'revokePermissions',
  });
  const orgs = useQuery({
    ...organizationOptionsQuery(),
    enabled: type === 'addToOrganization' || type === 'removeFromOrganization',
  });

  if (type === 'setAccessLevel') {
    return (
      <FormControl>
        <FormLabel id="bulk-access-level">New access level</FormLabel>
        <RadioGroup
          aria-labelledby="bulk-access-level"
          value={params.role ?? ''}
          onChange={(event) => onChange({ ...params, role: event.target.value as AccessLevel })}
        >
          {accessLevels.map((level) => (
            <FormControlLabel key={level} value={level} control={<Radio />} label={accessLevelLabels[level]} />
          ))}
        </RadioGroup>
      </FormControl>
    );
  }
  if (type === 'addRoles' || type === 'removeRoles') {
    if (roles.isError)
      return (
        <LoadError error={roles.error} onRetry={() => roles.refetch()} retrying={roles.isFetching}>
          The roles could not be loaded.
        </LoadError>
      );
    if (roles.isPending) return <Skeleton variant="rounded" height={120} />;
    if (roles.data.items.length === 0) return <Typography color="text.secondary">There are no roles yet.</Typography>;
    return (
      <CheckList
        legend={`Roles to ${type === 'addRoles' ? 'add' : 'remove'}`}
        options={roles.data.items.map((role) => ({ value: role.id, label: role.name }))}
        checked={params.roleIds}
        onChange={(roleIds) => onChange({ ...params, roleIds })}
      />
    );
  }
  if (type === 'grantPermissions' || type === 'revokePermissions') {
    if (catalog.isError)
      return (
        <LoadError error={catalog.error} onRetry={() => catalog.refetch()} retrying={catalog.isFetching}>
          The permissions could not be loaded.
        </LoadError>
      );
    if (catalog.isPending) return <Skeleton variant="rounded" height={160} />;
    return (
      <CheckList
        legend={`Permissions to ${type === 'grantPermissions' ? 'grant' : 'revoke'}`}
        options={catalog.data.items.map((permission) => ({ value: permission.key, label: permission.label }))}
        checked={params.keys}
        onChange={(keys) => onChange({ ...params, keys })}
      />
    );
  }
  // An organization, and for adding the org role.
  if (orgs.isError)
    return (
      <LoadError error={orgs.error} onRetry={() => orgs.refetch()} retrying={orgs.isFetching}>
        The organizations could not be loaded.
      </LoadError>
    );
  if (orgs.isPending) return <Skeleton variant="rounded" height={56} />;
  return (
    <Stack spacing={2}>
      <FormControl fullWidth>
        <InputLabel id={orgLabel}>Organization</InputLabel>
        <Select
          labelId={orgLabel}
          label="Organization"
          value={params.organizationId ?? ''}
          onChange={(event) => onChange({ ...params, organizationId: event.target.value || undefined })}
        >
          {orgs.data.items.map((org) => (
            <MenuItem key={org.id} value={org.id}>
              {org.name}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {type === 'addToOrganization' && (
        <FormControl>
          <FormLabel id="bulk-org-role">Their role there</FormLabel>
          <RadioGroup
            aria-labelledby="bulk-org-role"
            value={params.orgRole}
            onChange={(event) => onChange({ ...params, orgRole: event.target.value as OrgRole })}
          >
            {orgRoles.map((role) => (
              <FormControlLabel key={role} value={role} control={<Radio />} label={orgRoleLabels[role]} />
            ))}
          </RadioGroup>
        </FormControl>
      )}
    </Stack>
  );
}

/** A fieldset of checkboxes: the values checked, in the options' order. */
function CheckList({
  legend,
  options,
  checked,
  onChange,
}: {
  legend: string;
  options: { value: string; label: string }[];
  checked: string[];
  onChange: (next: string[]) => void;
}) {
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">{legend}</FormLabel>
      <FormGroup>
        {options.map((option) => (
          <FormControlLabel
            key={option.value}
            control={
              <Checkbox
                checked={checked.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    options
                      .map((o) => o.value)
                      .filter((v) => (v === option.value ? event.target.checked : checked.includes(v))),
                  )
                }
              />
            }
            label={option.label}
          />
        ))}
      </FormGroup>
    </FormControl>
  );
}
