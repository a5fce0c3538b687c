import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';

interface FilterSelectProps<T extends string> {
  /** The id of the label, which names the select. */
  labelId: string;
  label: string;
  value: T | undefined;
  options: readonly T[];
  optionLabel: (option: T) => string;
  /** The choice that filters nothing out. */
  anyLabel?: string;
  /** Keeps the label up and shows the "any" choice's words when nothing is chosen. */
  showAny?: boolean;
  minWidth: number;
  /** `small` in the denser toolbars (the users list, the matrix). */
  size?: 'small' | 'medium';
  onChange: (value: T | undefined) => void;
}

/** One filter of a list: a select whose first choice ("Any") filters nothing out. */
export function FilterSelect<T extends string>({
  labelId,
  label,
  value,
  options,
  optionLabel,
  anyLabel = 'Any',
  showAny = false,
  minWidth,
  size,
  onChange,
}: FilterSelectProps<T>) {
  return (
    <FormControl sx={{ minWidth }} size={size}>
      <InputLabel id={labelId} {...(showAny ? { shrink: true } : {})}>
        {label}
      </InputLabel>
      <Select<string>
        labelId={labelId}
        label={label}
        value={value ?? ''}
        {...(showAny ? { displayEmpty: true, notched: true } : {})}
        onChange={(event) => onChange((event.target.value || undefined) as T | undefined)}
      >
        <MenuItem value="">{anyLabel}</MenuItem>
        {options.map((option) => (
          <MenuItem key={option} value={option}>
            {optionLabel(option)}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
