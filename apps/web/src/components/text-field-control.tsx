import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import InputLabel from '@mui/material/InputLabel';
import OutlinedInput, { type OutlinedInputProps } from '@mui/material/OutlinedInput';
import type { ReactNode } from 'react';
import { type Control, type FieldPath, type FieldValues, useController } from 'react-hook-form';

type TextFieldControlProps<T extends FieldValues, TOutput> = Pick<
  OutlinedInputProps,
  'type' | 'autoComplete' | 'autoFocus' | 'endAdornment' | 'startAdornment' | 'multiline' | 'minRows' | 'placeholder'
> & {
  name: FieldPath<T>;
  control: Control<T, unknown, TOutput>;
  label: string;
  id?: string;
  helperText?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  fullWidth?: boolean;
  /** Attributes for the <input> itself (aria-*, autoCapitalize, spellCheck…). */
  inputProps?: OutlinedInputProps['inputProps'];
};

/**
 * An outlined text field bound to react-hook-form: the id, the label, the value and the field's
 * error message (shown as helper text, described by the input, and marked aria-invalid).
 *
 * Built from MUI's FormControl + InputLabel + OutlinedInput + FormHelperText rather than
 * TextField, which also pulls Select, Menu and Popover into every page with a form.
 */
export function TextFieldControl<T extends FieldValues, TOutput = T>({
  name,
  control,
  label,
  id,
  helperText,
  required,
  disabled,
  fullWidth,
  inputProps,
  ...inputOptions
}: TextFieldControlProps<T, TOutput>) {
  const { field, fieldState } = useController({ name, control });
  const inputId = id ?? `field-${name}`;
  const helperId = `${inputId}-helper`;
  const help = fieldState.error?.message ?? helperText;
  return (
    <FormControl
      variant="outlined"
      fullWidth={fullWidth}
      required={required}
      disabled={disabled ?? field.disabled}
      error={fieldState.invalid}
    >
      <InputLabel htmlFor={inputId}>{label}</InputLabel>
      <OutlinedInput
        {...inputOptions}
        id={inputId}
        label={required ? `${label} *` : label}
        name={field.name}
        value={field.value ?? ''}
        onChange={field.onChange}
        onBlur={field.onBlur}
        inputRef={field.ref}
        inputProps={{ ...inputProps, 'aria-describedby': help ? helperId : undefined }}
      />
      {help && <FormHelperText id={helperId}>{help}</FormHelperText>}
    </FormControl>
  );
}
