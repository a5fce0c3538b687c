import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

interface PageHeaderProps {
  /** The screen's name: the page's only h1, and the start of the document title. */
  title: string;
  description?: ReactNode;
  /** Buttons for the screen's main actions, at the end of the header. */
  actions?: ReactNode;
}

export function PageHeader({ title, description, actions }: PageHeaderProps) {
  return (
    <Box
      component="header"
      sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', justifyContent: 'space-between', gap: 2 }}
    >
      {/* React hoists <title> into <head>. */}
      <title>{`${title} · Team Access`}</title>
      {/* A long name, address or slug breaks rather than push a phone screen sideways. */}
      <Box sx={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        <Typography variant="h1">{title}</Typography>
        {description && (
          <Typography color="text.secondary" sx={{ mt: 1, maxWidth: '70ch' }}>
            {description}
          </Typography>
        )}
      </Box>
      {/* On a narrow screen the buttons wrap rather than push the page sideways. */}
      {actions && (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, flexShrink: 0, maxWidth: '100%' }}>{actions}</Box>
      )}
    </Box>
  );
}
