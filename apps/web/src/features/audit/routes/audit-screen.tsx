import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { type AuditTargetType, auditSources, auditTargetTypes } from '@team-access/contract';
import { FilterSelect } from '@/components/filter-select.tsx';
import { ListSearch } from '@/components/list-search.tsx';
import { PageLayout } from '@/components/page-layout.tsx';
import { targetTypeLabels } from '@/domain/audit/actions.ts';
import { AuditEventList } from '@/domain/audit/components/audit-event-list.tsx';
import { type AuditListParams, auditList, toAuditFilters } from '@/domain/audit/filters.ts';
import { useAccess } from '@/domain/users/access.ts';
import { displayName } from '@/domain/users/display-name.ts';
import { organizationOptionsQuery } from '@/domain/users/organization-options.ts';
import { userQueries } from '@/domain/users/queries.ts';
import { type ListView, useListView } from '@/lib/use-list-view.ts';
import { ActionSelect } from '../components/action-select.tsx';
import { ExportMenu } from '../components/export-menu.tsx';
import { PersonFilter } from '../components/person-filter.tsx';

const sourceLabels = {
  console: 'In the console',
  api: 'Through the API',
  'webhook-triggered': 'Triggered by a webhook',
} as const;

/**
 * The audit log at /audit: who changed what and when, as sentences, filtered by what the address
 * says (a copied link opens the same events), with Export of everything the filters match.
 */
export function AuditScreen() {
  const list = useListView(auditList);
  const filters = toAuditFilters(list.view);
  const { canManage } = useAccess();
  return (
    <PageLayout
      title="Audit"
      description={
        canManage
          ? 'Who changed what, and when: every change in your account, newest first.'
          : 'Who changed what, and when: what you did, what was done to you, and the organizations you administer.'
      }
      actions={<ExportMenu filters={filters} />}
    >
      <Card>
        <AuditFilterBar list={list} />
        <div id="audit-results">
          <AuditEventList
            filters={filters}
            onFilter={(next) => list.go({ ...auditList.cleared, ...(next as Partial<AuditListParams>) })}
            empty={
              list.filtered
                ? {
                    title: 'No events match',
                    description: 'Try other filters, a longer time range or another search.',
                    action: (
                      <Button variant="outlined" onClick={list.clear}>
                        Clear filters
                      </Button>
                    ),
                  }
                : { title: 'Nothing recorded yet', description: 'Changes to your team will show here as they happen.' }
            }
          />
        </div>
      </Card>
    </PageLayout>
  );
}

function AuditFilterBar({ list }: { list: ListView<AuditListParams> }) {
  const { view, go } = list;
  const organizations = useQuery(organizationOptionsQuery());
  const orgNames = new Map(organizations.data?.items.map((o) => [o.id, o.name]));
  const orgIds = [...orgNames.keys()];
  const actions = view.action ? view.action.split(',') : [];
  // Those who may list the team pick a person; the others reach a person from an event.
  const { canManage } = useAccess();
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <ListSearch
          list={list}
          id="audit-search"
          placeholder="Name or email of who did it or to whom"
          controls="audit-results"
        />
        {canManage && <PersonFilter userId={view.userId} onChange={(userId) => go({ userId })} />}
        <ActionSelect value={actions} onChange={(next) => go({ action: next.join(',') || undefined })} />
        <FilterSelect<AuditTargetType>
          labelId="audit-target-type-label"
          label="About"
          value={view.targetType}
          options={auditTargetTypes}
          optionLabel={(type) => targetTypeLabels[type]}
          showAny
          minWidth={150}
          onChange={(targetType) => go({ targetType, targetId: undefined })}
        />
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {orgIds.length > 0 && (
          <FilterSelect<string>
            labelId="audit-organization-label"
            label="Organization"
            value={view.organizationId}
            options={orgIds}
            optionLabel={(id) => orgNames.get(id) ?? id}
            showAny
            minWidth={180}
            onChange={(organizationId) => go({ organizationId })}
          />
        )}
        <FilterSelect
          labelId="audit-source-label"
          label="Source"
          value={view.source}
          options={auditSources}
          optionLabel={(source) => sourceLabels[source]}
          showAny
          minWidth={160}
          onChange={(source) => go({ source })}
        />
        <TextField
          label="From"
          type="date"
          value={view.from ?? ''}
          onChange={(event) => go({ from: event.target.value || undefined })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: view.to } }}
        />
        <TextField
          label="To"
          type="date"
          value={view.to ?? ''}
          onChange={(event) => go({ to: event.target.value || undefined })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: view.from } }}
          helperText="Included"
        />
      </Stack>
      <PeopleChips view={view} personPicked={canManage} onRemove={(next) => go(next)} />
      {list.filtered && (
        <div>
          <Button size="small" onClick={list.clear}>
            Clear filters
          </Button>
        </div>
      )}
    </Stack>
  );
}

/** The filters set from an event or a page (a person, a record), each removable. */
function PeopleChips({
  view,
  personPicked,
  onRemove,
}: {
  view: AuditListParams;
  /** The Person filter shows `userId` already. */
  personPicked: boolean;
  onRemove: (next: Partial<AuditListParams>) => void;
}) {
  const actor = usePersonName(view.actorId);
  const person = usePersonName(view.userId);
  const chips: { key: string; label: string; clear: Partial<AuditListParams> }[] = [];
  if (view.actorId) chips.push({ key: 'actor', label: `By ${actor}`, clear: { actorId: undefined } });
  if (view.userId && !personPicked)
    chips.push({ key: 'user', label: `By or about ${person}`, clear: { userId: undefined } });
  if (view.targetType && view.targetId) {
    const kind = targetTypeLabels[view.targetType].toLowerCase().replace(/s$/, '');
    chips.push({ key: 'target', label: `About one ${kind}`, clear: { targetId: undefined } });
  }
  if (chips.length === 0) return null;
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ flexWrap: 'wrap' }}
      role="group"
      aria-label="Filters from events"
    >
      {chips.map((chip) => (
        <Chip key={chip.key} label={chip.label} onDelete={() => onRemove(chip.clear)} />
      ))}
    </Stack>
  );
}

/** A member's name for a filter chip, where this person may read it. */
function usePersonName(userId: string | undefined): string {
  const { me, canManage } = useAccess();
  const user = useQuery({
    ...userQueries.detail(userId ?? ''),
    enabled: Boolean(userId) && (canManage || userId === me?.id),
  });
  return user.data ? displayName(user.data) : 'one person';
}
