import { useTheme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';

/**
 * Whether the window is phone-sized (below MUI's `sm`, 600 px). Dialogs with a form or a list take
 * the whole screen there (`fullScreen={usePhone()}`): no margin of page around them to scroll past.
 */
export function usePhone(): boolean {
  return useMediaQuery(useTheme().breakpoints.down('sm'));
}
