import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { type ReactNode, useId } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  /** What the person can do here, concretely. */
  description: ReactNode;
  /** More detail under the description: a list, chips, an action. */
  children?: ReactNode;
}

/** A card that says what a screen is for when there is nothing (yet) to show on it. */
export function EmptyState({ icon, title, description, children }: EmptyStateProps) {
  const titleId = useId();
  return (
    <Card component="section" aria-labelledby={titleId}>
      <CardContent sx={{ display: 'flex', gap: 2.5, alignItems: 'flex-start', p: { xs: 2.5, sm: 4 } }}>
        <Box
          aria-hidden
          sx={{
            display: 'grid',
            placeItems: 'center',
            flexShrink: 0,
            width: 48,
            height: 48,
            borderRadius: '50%',
            bgcolor: 'action.selected',
            color: 'primary.main',
          }}
        >
          {icon}
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Typography id={titleId} variant="h2" gutterBottom>
            {title}
          </Typography>
          <Typography color="text.secondary" sx={{ maxWidth: '70ch' }}>
            {description}
          </Typography>
          {children && <Box sx={{ mt: 2 }}>{children}</Box>}
        </Box>
      </CardContent>
    </Card>
  );
}
