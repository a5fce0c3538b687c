import ContentCopy from '@mui/icons-material/ContentCopy';
import Download from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { downloadText } from '@/lib/download.ts';
import { notify } from '@/lib/notifications.ts';

/** Ten recovery codes, shown once: copy them or download them as a text file. */
export function RecoveryCodes({ codes, email }: { codes: readonly string[]; email: string }) {
  const text = `Team Access recovery codes for ${email}\nEach code signs you in once, in place of a code from your app.\n\n${codes.join('\n')}\n`;
  return (
    <Stack spacing={2}>
      <Alert severity="warning">
        Save these recovery codes now: they are shown only this once. Each one signs you in once if you lose your phone.
      </Alert>
      <Box
        component="ul"
        aria-label="Recovery codes"
        sx={{
          m: 0,
          p: 2,
          listStyle: 'none',
          display: 'grid',
          gridTemplateColumns: { xs: '1fr 1fr', sm: 'repeat(2, max-content)' },
          columnGap: 4,
          rowGap: 1,
          fontFamily: 'monospace',
          fontSize: '1rem',
          bgcolor: 'action.hover',
          borderRadius: 1,
        }}
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </Box>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          variant="outlined"
          startIcon={<ContentCopy />}
          onClick={() =>
            navigator.clipboard.writeText(text).then(
              () => notify('Recovery codes copied', 'success'),
              () => notify('Could not copy: select the codes and copy them yourself', 'error'),
            )
          }
        >
          Copy
        </Button>
        <Button
          variant="outlined"
          startIcon={<Download />}
          onClick={() => downloadText('team-access-recovery-codes.txt', text, 'text/plain;charset=utf-8')}
        >
          Download
        </Button>
      </Stack>
    </Stack>
  );
}
