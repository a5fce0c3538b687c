import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import { useState } from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { TextFieldControl } from '@/components/text-field-control.tsx';
import { PASSWORD_POLICY_HINT } from '../password-policy.ts';

interface NewPasswordFieldsProps<T extends FieldValues, TOutput> {
  /** A form with `password` and `confirmPassword` string fields. */
  control: Control<T, unknown, TOutput>;
  /** The account's email, for password managers (a hidden username field). */
  email: string;
  label?: string;
  autoFocus?: boolean;
}

/**
 * Someone chooses their own new password: typed twice, the policy as the hint, and one button that
 * shows or hides both fields.
 */
export function NewPasswordFields<T extends FieldValues & { password: string; confirmPassword: string }, TOutput = T>({
  control,
  email,
  label = 'New password',
  autoFocus,
}: NewPasswordFieldsProps<T, TOutput>) {
  const [shown, setShown] = useState(false);
  const type = shown ? 'text' : 'password';
  return (
    <>
      {/* Lets a password manager file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextFieldControl
        control={control}
        name={'password' as FieldPath<T>}
        label={label}
        type={type}
        required
        fullWidth
        autoFocus={autoFocus}
        autoComplete="new-password"
        helperText={PASSWORD_POLICY_HINT}
        inputProps={{ spellCheck: false, autoCapitalize: 'none' }}
        endAdornment={
          <InputAdornment position="end">
            <IconButton aria-label="Show passwords" aria-pressed={shown} edge="end" onClick={() => setShown((s) => !s)}>
              {shown ? <VisibilityOff /> : <Visibility />}
            </IconButton>
          </InputAdornment>
        }
      />
      <TextFieldControl
        control={control}
        name={'confirmPassword' as FieldPath<T>}
        label={`Confirm ${label.toLowerCase()}`}
        type={type}
        required
        fullWidth
        autoComplete="new-password"
        inputProps={{ spellCheck: false, autoCapitalize: 'none' }}
      />
    </>
  );
}
