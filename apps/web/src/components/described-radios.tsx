import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup, { type RadioGroupProps } from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

type DescribedRadiosProps<T extends string> = Omit<RadioGroupProps, 'children'> & {
  /** The id of the group's label, which names the radio group. */
  labelId: string;
  label: string;
  choices: readonly T[];
  labels: Record<T, string>;
  /** What each choice means, after its name: "Member — sees their own profile". */
  help: Record<T, string>;
  isDisabled?: (choice: T) => boolean;
  /** Below the choices: the field's error. */
  error?: ReactNode;
};

/** A labelled radio group whose every choice says what it means (access levels, org roles). */
export function DescribedRadios<T extends string>({
  labelId,
  label,
  choices,
  labels,
  help,
  isDisabled,
  error,
  ...group
}: DescribedRadiosProps<T>) {
  return (
    <FormControl>
      <FormLabel id={labelId}>{label}</FormLabel>
      <RadioGroup aria-labelledby={labelId} {...group}>
        {choices.map((choice) => (
          <FormControlLabel
            key={choice}
            value={choice}
            disabled={isDisabled?.(choice)}
            control={<Radio />}
            label={
              <span>
                {labels[choice]}{' '}
                <Typography component="span" variant="body2" color="text.secondary">
                  — {help[choice]}
                </Typography>
              </span>
            }
          />
        ))}
      </RadioGroup>
      {error}
    </FormControl>
  );
}
