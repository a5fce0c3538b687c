import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';

/**
 * Where a CSV file is dropped or chosen (the invitations upload, the members import): a dashed
 * area that takes a dropped file, and a button that opens the file chooser (the keyboard's way).
 */
export function CsvFilePicker({ label, onFile }: { label: string; onFile: (file: File | undefined) => void }) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <Box
      onDragEnter={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragOver={(event) => event.preventDefault()}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        onFile(event.dataTransfer.files[0]);
      }}
      sx={{
        border: 2,
        borderStyle: 'dashed',
        borderColor: dragging ? 'primary.main' : 'divider',
        bgcolor: dragging ? 'action.hover' : undefined,
        borderRadius: 2,
        p: { xs: 2, sm: 4 },
        textAlign: 'center',
      }}
    >
      <UploadFileOutlined color="action" sx={{ fontSize: 40 }} aria-hidden />
      <Typography sx={{ mb: 1.5 }}>Drag a CSV file here, or</Typography>
      <Button variant="contained" onClick={() => fileInput.current?.click()}>
        Choose a file
      </Button>
      <input
        ref={fileInput}
        type="file"
        accept=".csv,text/csv"
        aria-label={label}
        hidden
        onChange={(event) => {
          onFile(event.target.files?.[0]);
          event.target.value = '';
        }}
      />
    </Box>
  );
}

/**
 * A chosen file's text, or why it is refused before it is read: not a CSV by its name or type (a
 * spreadsheet's export may come as text/plain), or larger than `maxBytes` (`tooLarge` says what to do).
 */
export async function csvFileText(
  file: File,
  maxBytes: number,
  tooLarge: string,
): Promise<{ ok: true; text: string } | { ok: false; problem: string }> {
  if (!(/\.(csv|txt)$/i.test(file.name) || !file.type || /csv|text\/plain/.test(file.type))) {
    return { ok: false, problem: `${file.name} is not a CSV file. Choose a .csv file.` };
  }
  if (file.size > maxBytes) {
    return { ok: false, problem: `${file.name} is larger than ${maxBytes / 1024 / 1024} MB. ${tooLarge}` };
  }
  return { ok: true, text: await file.text() };
}
