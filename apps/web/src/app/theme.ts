import { createTheme } from '@mui/material/styles';

const fontFamily = [
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
  '"Apple Color Emoji"',
  '"Segoe UI Emoji"',
].join(',');

/**
 * Light and dark colour schemes, switched with CSS variables (`.light` / `.dark` on <html>).
 * Every text colour meets WCAG AA (4.5:1) on its background: `contrastThreshold: 4.5` makes MUI
 * pick the text colour of filled surfaces (buttons, filled alerts, chips) by that ratio too.
 */
export const theme = createTheme({
  cssVariables: { colorSchemeSelector: 'class' },
  colorSchemes: {
    light: {
      palette: {
        contrastThreshold: 4.5,
        primary: { main: '#1565c0' },
        secondary: { main: '#6a1b9a' },
        background: { default: '#f6f8fb', paper: '#ffffff' },
      },
    },
    dark: {
      palette: {
        contrastThreshold: 4.5,
        primary: { main: '#90caf9' },
        secondary: { main: '#ce93d8' },
        background: { default: '#121212', paper: '#1a1c1e' },
      },
    },
  },
  shape: { borderRadius: 8 },
  typography: {
    fontFamily,
    h1: { fontSize: '2rem', fontWeight: 600, lineHeight: 1.25 },
    h2: { fontSize: '1.25rem', fontWeight: 600, lineHeight: 1.4 },
    button: { textTransform: 'none', fontWeight: 600 },
  },
  components: {
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiCard: { defaultProps: { variant: 'outlined' } },
    // A table scrolls sideways inside its container, and so must everything in it: the visually
    // hidden "Actions" header text is absolutely positioned, and with no positioned ancestor it
    // escaped the scroller and made the whole page scroll sideways on a phone.
    MuiTableContainer: { styleOverrides: { root: { position: 'relative' } } },
  },
});

/** localStorage key of the chosen mode (light, dark or system). */
export const COLOR_MODE_STORAGE_KEY = 'team-access:color-mode';
