import { createTheme, type Theme } from '@mui/material/styles';

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

/** The focus ring: 2 px, the primary colour of the current scheme, just outside the element. */
const FOCUS_RING = (theme: Theme) => ({
  outline: `2px solid ${(theme.vars ?? theme).palette.primary.main}`,
  outlineOffset: '2px',
});

/**
 * How opaque an outlined field's border is, in the text colour of the scheme (black on light,
 * white on dark): 3:1 and more against every surface a field sits on (WCAG 1.4.11). MUI's 0.23 gave
 * 1.74:1 on a light card and 2.12:1 on a dark one. theme.test.ts computes the ratios.
 */
export const FIELD_BORDER_OPACITY = 0.5;

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
    MuiCssBaseline: {
      styleOverrides: (theme) => ({
        // One focus indicator for everything focusable (WCAG 2.4.7, and 2.4.13's measure: a 2 px
        // ring in the primary colour, 3:1 and more against the surface it replaces). MUI's
        // controls mark keyboard focus with .Mui-focusVisible on their root (a checkbox's real
        // input is invisible); a field shows it around its whole box. `html` outranks the
        // components' own `outline: 0`, which load after these global styles.
        'html :focus-visible, html .Mui-focusVisible, html .MuiInputBase-root:has(:focus-visible)': FOCUS_RING(theme),
        // A focus target that is not a control (the main region after the skip link) needs none.
        'html main[tabindex="-1"]:focus-visible, html h1[tabindex="-1"]:focus-visible': { outline: 'none' },
        // What Tab scrolls into view lands below the fixed app bar (64 px), with room for its ring,
        // never under the bar (WCAG 2.4.11, focus not obscured), nor with its ring cut at the bottom.
        html: { scrollPaddingTop: 72, scrollPaddingBottom: 8 },
      }),
    },
    // Inside a scrolling list or a tab strip an outer ring would be cut off: draw it inside.
    MuiMenuItem: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: '-2px' } } } },
    MuiListItemButton: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: '-2px' } } } },
    // Inset past the selected tab's 2 px indicator, which would otherwise hide the ring's bottom edge.
    MuiTab: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: '-4px' } } } },
    // A column header's sort button sits at the edge of the table's sideways scroller, which would
    // clip a ring drawn outside it (the browser scrolls the button itself into view, not its ring).
    MuiTableSortLabel: {
      styleOverrides: { root: { paddingInline: '4px', '&.Mui-focusVisible': { outlineOffset: '-2px' } } },
    },
    // On the coloured app bar the ring takes the bar's text colour (white on blue).
    MuiAppBar: {
      styleOverrides: {
        root: { '& .Mui-focusVisible, & :focus-visible': { outlineColor: 'currentColor' } },
      },
    },
    // A placeholder in the secondary text colour (4.5:1), not MUI's faded current colour (2.56:1).
    // MUI's own rule that hides it behind a resting label is more specific and still applies.
    MuiInputBase: {
      styleOverrides: {
        input: ({ theme }) => ({
          '&::placeholder': { color: (theme.vars ?? theme).palette.text.secondary, opacity: 1 },
        }),
      },
    },
    MuiOutlinedInput: {
      styleOverrides: {
        notchedOutline: ({ theme }) => ({
          borderColor: `rgba(${(theme.vars ?? theme).palette.common.onBackgroundChannel} / ${FIELD_BORDER_OPACITY})`,
        }),
      },
    },
    MuiButton: { defaultProps: { disableElevation: true } },
    MuiCard: { defaultProps: { variant: 'outlined' } },
    // A table scrolls sideways inside its container, and so must everything in it: the visually
    // hidden "Actions" header text is absolutely positioned, and with no positioned ancestor it
    // escaped the scroller and made the whole page scroll sideways on a phone.
    MuiTableContainer: { styleOverrides: { root: { position: 'relative' } } },
    // A row's last cell (its ⋮ button) keeps room for the focus ring inside the scroller.
    MuiTableCell: { styleOverrides: { paddingCheckbox: { '&:last-of-type': { paddingRight: '4px' } } } },
  },
});

/** localStorage key of the chosen mode (light, dark or system). */
export const COLOR_MODE_STORAGE_KEY = 'team-access:color-mode';
