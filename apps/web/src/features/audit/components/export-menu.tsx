import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Button from '@mui/material/Button';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useId, useState } from 'react';
import { type AuditFilters, auditApi } from '@/domain/audit/audit-api.ts';
import { errorMessage } from '@/lib/api-client.ts';
import { downloadBlob } from '@/lib/download.ts';
import { notify } from '@/lib/notifications.ts';

const FORMATS = [
  { format: 'csv', label: 'CSV (spreadsheets)' },
  { format: 'ndjson', label: 'NDJSON (one JSON event a line)' },
] as const;

/** Export: the events the filters show, as a file downloaded through the BFF (the whole match, not one page). */
export function ExportMenu({ filters }: { filters: AuditFilters }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [pending, setPending] = useState(false);
  const menuId = useId();

  const download = async (format: 'csv' | 'ndjson') => {
    setAnchor(null);
    setPending(true);
    try {
      const file = await auditApi.export({ ...filters, format });
      downloadBlob(file.fileName ?? `audit-events.${format}`, file.blob);
      notify(`The ${format.toUpperCase()} export of these events is downloaded.`, 'success');
    } catch (error) {
      notify(`The export failed. ${errorMessage(error)}`, 'error');
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button
        variant="outlined"
        startIcon={<FileDownloadOutlined />}
        loading={pending}
        aria-haspopup="menu"
        aria-controls={anchor ? menuId : undefined}
        aria-expanded={Boolean(anchor)}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        Export
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {FORMATS.map(({ format, label }) => (
          <MenuItem key={format} onClick={() => download(format)}>
            {label}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
