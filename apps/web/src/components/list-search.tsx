import SearchOutlined from '@mui/icons-material/SearchOutlined';
import FormControl from '@mui/material/FormControl';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import OutlinedInput from '@mui/material/OutlinedInput';

/** The search box of a list (useListView's `search`); it updates the address once typing pauses. */
export function ListSearch({
  list,
  id,
  placeholder,
  controls,
  size,
}: {
  list: { search: string; setSearch: (search: string) => void };
  id: string;
  placeholder: string;
  /** The id of what it filters (the table, or the region of results). */
  controls: string;
  /** `small` in the denser toolbars (the users list). */
  size?: 'small' | 'medium';
}) {
  return (
    <FormControl sx={{ flex: 1, minWidth: 0 }} size={size}>
      <InputLabel htmlFor={id}>Search</InputLabel>
      <OutlinedInput
        id={id}
        label="Search"
        type="search"
        value={list.search}
        placeholder={placeholder}
        onChange={(event) => list.setSearch(event.target.value)}
        startAdornment={
          <InputAdornment position="start">
            <SearchOutlined aria-hidden />
          </InputAdornment>
        }
        inputProps={{ maxLength: 100, 'aria-controls': controls }}
      />
    </FormControl>
  );
}
