import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { type Control, type FieldPath, type FieldValues, useController } from 'react-hook-form';

type TextFieldControlProps<T extends FieldValues, TOutput> = Omit<
  TextFieldProps,
  'name' | 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'error' | 'inputRef'
> & {
  name: FieldPath<T>;
  control: Control<T, unknown, TOutput>;
};

/**
 * An MUI TextField bound to react-hook-form: wires the id, the label, the value and the field's
 * error message (shown as helper text, described by the input, and marked aria-invalid).
 */
export function TextFieldControl<T extends FieldValues, TOutput = T>({
  name,
  control,
  helperText,
  ...props
}: TextFieldControlProps<T, TOutput>) {
  const { field, fieldState } = useController({ name, control });
  return (
    <TextField
      {...props}
      id={props.id ?? `field-${name}`}
      name={field.name}
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      disabled={props.disabled ?? field.disabled}
      error={fieldState.invalid}
      helperText={fieldState.error?.message ?? helperText}
    />
  );
}
