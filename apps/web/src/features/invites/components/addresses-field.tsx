import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Chip from '@mui/material/Chip';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { type Ref, useState } from 'react';
import { addAddresses, addressProblem, checkAddresses, endsWithSeparator, splitAddresses } from '../addresses.ts';

interface AddressesFieldProps {
  value: string[];
  onChange: (addresses: string[]) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement>;
  /** The form's message for the field (none given, too many, some not valid). */
  error?: string | undefined;
  disabled?: boolean;
}

const HINT = 'Separate addresses with commas, spaces or new lines, or paste a list';

/**
 * Email addresses as chips: typed or pasted, split on commas, semicolons, spaces and line breaks,
 * each checked as it becomes a chip (a bad one is marked and says why), an address already in the
 * list merged into it. Backspace in the empty box takes the last chip back for editing.
 */
export function AddressesField({ value, onChange, onBlur, inputRef, error, disabled }: AddressesFieldProps) {
  const [draft, setDraft] = useState('');
  const [merged, setMerged] = useState<string>();

  /** Turns text into chips; a piece not yet ended by a separator stays in the box. */
  const commit = (text: string, complete: boolean) => {
    const pieces = splitAddresses(text);
    const keep = complete || endsWithSeparator(text) ? undefined : pieces.pop();
    const next = addAddresses(value, pieces);
    if (next.addresses.length !== value.length) onChange(next.addresses);
    setMerged(
      next.merged === 0
        ? undefined
        : `${next.merged === 1 ? 'An address was' : `${next.merged} addresses were`} already in the list and merged.`,
    );
    setDraft(keep ?? '');
  };

  const problems = checkAddresses(value).filter((check) => check.problem);
  const invalidSummary =
    problems.length === 0
      ? undefined
      : `${problems.length === 1 ? 'One address is' : `${problems.length} addresses are`} not valid: ${problems
          .map((check) => `${check.address} (${check.problem})`)
          .join(', ')}. Fix or remove ${problems.length === 1 ? 'it' : 'them'}.`;
  // The list of bad addresses says more than the form's "fix them": it replaces it.
  const message = invalidSummary ? undefined : error;
  const helper = [message, invalidSummary].filter(Boolean).join(' ') || merged || HINT;
  const count = value.length;

  return (
    <Autocomplete
      multiple
      freeSolo
      options={[] as string[]}
      value={value}
      inputValue={draft}
      disabled={disabled}
      disableClearable
      open={false}
      onInputChange={(_event, text, reason) => {
        if (reason !== 'input') return;
        if (/[\s,;]/.test(text)) commit(text, false);
        else setDraft(text);
      }}
      onChange={(event, next, reason) => {
        if (reason === 'createOption') commit(draft, true);
        else {
          // Backspace in an empty box: the last chip comes back as text to edit.
          if (reason === 'removeOption' && event.type === 'keydown' && draft === '') {
            const removed = value.at(-1);
            if (removed && next.length === value.length - 1 && !next.includes(removed)) {
              // The key must not then delete a character of the text it brought back.
              event.preventDefault();
              setDraft(removed);
            }
          }
          onChange(next);
        }
      }}
      onBlur={() => {
        if (draft.trim()) commit(draft, true);
        onBlur?.();
      }}
      renderValue={(addresses, getItemProps) =>
        addresses.map((address, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          const problem = addressProblem(address);
          const chip = (
            <Chip
              key={key}
              {...itemProps}
              size="small"
              color={problem ? 'error' : 'default'}
              variant={problem ? 'outlined' : 'filled'}
              icon={problem ? <ErrorOutlineOutlined /> : undefined}
              label={address}
              aria-label={problem ? `${address}, not valid: ${problem}` : undefined}
            />
          );
          return problem ? (
            <Tooltip key={key} title={problem} describeChild>
              {chip}
            </Tooltip>
          ) : (
            chip
          );
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label={count > 1 ? `Email addresses (${count})` : 'Email addresses'}
          required
          autoFocus
          placeholder={count === 0 ? 'ada@example.com, grace@example.com' : undefined}
          error={Boolean(message || invalidSummary)}
          helperText={<span aria-live="polite">{helper}</span>}
          slotProps={{
            ...params.slotProps,
            htmlInput: {
              ...params.slotProps.htmlInput,
              autoCapitalize: 'none',
              spellCheck: false,
              onPaste: (event: React.ClipboardEvent<HTMLInputElement>) => {
                const pasted = event.clipboardData.getData('text');
                // A pasted list keeps its line breaks only if it never reaches the one-line input.
                if (!/[\s,;]/.test(pasted.trim())) return;
                event.preventDefault();
                commit(`${draft}${pasted}`, true);
              },
            },
          }}
        />
      )}
    />
  );
}
