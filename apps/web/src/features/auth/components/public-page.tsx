import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { type ReactNode, useEffect, useRef } from 'react';
import { ThemeModeToggle } from '@/components/theme-mode-toggle.tsx';

interface PublicPageProps {
  /** The document title, before " · Team Access". */
  title: string;
  icon: ReactNode;
  /** The colour of the icon's disc: the product's, or a warning or an error. */
  tone?: 'primary' | 'warning' | 'error';
  heading: ReactNode;
  /** A line under the heading. */
  lead?: ReactNode;
  children?: ReactNode;
  width?: number;
  /** Moves the focus to the heading when the page appears (after a form on the same address was sent). */
  focusHeading?: boolean;
}

/**
 * The frame of the pages someone reaches without the app shell (sign in, a mailed link, forgot
 * password): the product's name and the theme choice on top, one card in the middle with an icon,
 * the page's h1 and its content.
 */
export function PublicPage({
  title,
  icon,
  tone = 'primary',
  heading,
  lead,
  children,
  width = 440,
  focusHeading = false,
}: PublicPageProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusHeading) headingRef.current?.focus();
  }, [focusHeading]);
  return (
    <Box sx={{ minHeight: '100dvh', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
      <title>{`${title} · Team Access`}</title>
      <Box
        component="header"
        sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', py: 1, px: 2 }}
      >
        <Typography component="p" sx={{ fontWeight: 600, color: 'text.secondary' }}>
          Team Access
        </Typography>
        <ThemeModeToggle />
      </Box>
      <Box component="main" id="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', px: 2, pb: 8 }}>
        <Card sx={{ width: '100%', maxWidth: width }}>
          <CardContent sx={{ p: { xs: 3, sm: 4 } }}>
            <Stack spacing={1} sx={{ alignItems: 'center', mb: 3, textAlign: 'center' }}>
              <Box
                aria-hidden
                sx={{
                  display: 'grid',
                  placeItems: 'center',
                  width: 48,
                  height: 48,
                  borderRadius: '50%',
                  bgcolor: `${tone}.main`,
                  color: `${tone}.contrastText`,
                }}
              >
                {icon}
              </Box>
              <Typography
                variant="h1"
                ref={headingRef}
                tabIndex={focusHeading ? -1 : undefined}
                // A little smaller than a screen's h1, so that most headings fit the card on one line.
                sx={{ fontSize: '1.75rem', '&:focus': { outline: 'none' } }}
              >
                {heading}
              </Typography>
              {lead && <Typography color="text.secondary">{lead}</Typography>}
            </Stack>
            {children}
          </CardContent>
        </Card>
      </Box>
    </Box>
  );
}
