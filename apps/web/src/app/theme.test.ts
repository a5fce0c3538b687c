import { type ColorSystem, decomposeColor, getContrastRatio } from '@mui/material/styles';
import { describe, expect, it } from 'vitest';
import { FIELD_BORDER_OPACITY, theme } from './theme.ts';

type Rgb = [number, number, number];

/** The theme is built with CSS variables, so it carries both colour schemes. */
const schemes = (theme as unknown as { colorSchemes: Partial<Record<'light' | 'dark', ColorSystem>> }).colorSchemes;

/** A colour as [r, g, b, alpha]; MUI's channel strings ("0 0 0") too. */
function parse(color: string): [number, number, number, number] {
  const { values } = decomposeColor(
    /^[\d.]+ [\d.]+ [\d.]+$/.test(color) ? `rgb(${color.replaceAll(' ', ', ')})` : color,
  );
  return [values[0], values[1], values[2], values[3] ?? 1];
}

/** `color` painted over the opaque `surface`. */
function over(color: string, surface: Rgb): Rgb {
  const [r, g, b, a] = parse(color);
  return [r * a + surface[0] * (1 - a), g * a + surface[1] * (1 - a), b * a + surface[2] * (1 - a)];
}

const rgb = ([r, g, b]: Rgb) => `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
const contrast = (a: Rgb, b: Rgb) => getContrastRatio(rgb(a), rgb(b));

/** The surfaces a field sits on in a scheme: the page, a card, and a dialog (with dark mode's overlay). */
function surfaces(mode: 'light' | 'dark'): { page: Rgb; card: Rgb; dialog: Rgb } {
  const scheme = schemes[mode];
  if (!scheme) throw new Error(`no ${mode} scheme`);
  const { background } = scheme.palette;
  const paper = over(background.paper, [0, 0, 0]);
  // A dialog is a Paper at elevation 24; in the dark scheme MUI lightens it with a white overlay.
  const overlay = scheme.overlays?.[24];
  const alpha = overlay ? /\/\s*([\d.]+)\)/.exec(overlay)?.[1] : undefined;
  const dialog = alpha ? over(`rgba(255, 255, 255, ${alpha})`, paper) : paper;
  return { page: over(background.default, [0, 0, 0]), card: paper, dialog };
}

describe('the theme’s contrast (issue 27)', () => {
  for (const mode of ['light', 'dark'] as const) {
    const palette = schemes[mode]?.palette;
    if (!palette) throw new Error(`no ${mode} scheme`);

    it(`when a field shows a placeholder in the ${mode} scheme, then it is 4.5:1 against every surface`, () => {
      // The theme paints placeholders in text.secondary at full opacity (was 2.56:1 in light).
      for (const [name, surface] of Object.entries(surfaces(mode))) {
        const ratio = contrast(over(palette.text.secondary, surface), surface);
        expect(ratio, `${mode} ${name}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    });

    it(`when a field is outlined in the ${mode} scheme, then its border is 3:1 against every surface`, () => {
      // Was 1.74:1 (light) and 2.12:1 (dark) on a card with MUI's 0.23.
      const border = `rgba(${palette.common.onBackgroundChannel.replaceAll(' ', ', ')}, ${FIELD_BORDER_OPACITY})`;
      for (const [name, surface] of Object.entries(surfaces(mode))) {
        const ratio = contrast(over(border, surface), surface);
        expect(ratio, `${mode} ${name}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(3);
      }
    });

    it(`when something has keyboard focus in the ${mode} scheme, then its ring is 3:1 against every surface`, () => {
      for (const [name, surface] of Object.entries(surfaces(mode))) {
        const ratio = contrast(over(palette.primary.main, surface), surface);
        expect(ratio, `${mode} ${name}: ${ratio.toFixed(2)}`).toBeGreaterThanOrEqual(3);
      }
    });
  }

  it('when the values of the old theme are measured, then they are the audit’s failures', () => {
    // A check of the arithmetic: MUI's defaults give the ratios the audit reported.
    const white: Rgb = [255, 255, 255];
    expect(contrast(over('rgba(0, 0, 0, 0.23)', white), white)).toBeCloseTo(1.74, 1);
    // The placeholder: text.primary (0.87) at MUI's opacity 0.42.
    expect(contrast(over(`rgba(0, 0, 0, ${0.87 * 0.42})`, white), white)).toBeCloseTo(2.56, 1);
    const darkCard = surfaces('dark').card;
    expect(contrast(over('rgba(255, 255, 255, 0.23)', darkCard), darkCard)).toBeCloseTo(2.12, 1);
  });
});
