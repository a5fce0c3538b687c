import Autorenew from '@mui/icons-material/Autorenew';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Tooltip from '@mui/material/Tooltip';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { PASSWORD_POLICY_HINT } from '../password.ts';

interface NewPasswordFieldProps<T extends FieldValues, TOutput> {
  control: Control<T, unknown, TOutput>;
  name: FieldPath<T>;
  label: string;
  autoFocus?: boolean;
  /** Puts a generated password into the field (the form decides how it validates). */
  onGenerate: () => void;
}

/**
 * A password an administrator chooses for someone else: shown in clear (they must pass it on),
 * with the policy as its hint and a button that generates a strong one.
 */
export function NewPasswordField<T extends FieldValues, TOutput = T>({
  control,
  name,
  label,
  autoFocus,
  onGenerate,
}: NewPasswordFieldProps<T, TOutput>) {
  return (
    <TextFieldControl
      control={control}
      name={name}
      label={label}
      required
      fullWidth
      autoFocus={autoFocus}
      autoComplete="new-password"
      helperText={PASSWORD_POLICY_HINT}
      inputProps={{ spellCheck: false }}
      endAdornment={
        <InputAdornment position="end">
          <Tooltip title="Generate a strong password">
            <IconButton aria-label="Generate a strong password" edge="end" onClick={onGenerate}>
              <Autorenew />
            </IconButton>
          </Tooltip>
        </InputAdornment>
      }
    />
  );
}
