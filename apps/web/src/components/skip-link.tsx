import Box from '@mui/material/Box';
import type { MouseEvent } from 'react';

/** "Skip to main content": the first thing a keyboard user reaches; visible only while focused. */
export function SkipLink({ targetId = 'main' }: { targetId?: string }) {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    // Move focus without touching the URL (the router owns it).
    event.preventDefault();
    target.focus();
    target.scrollIntoView();
  };
  return (
    <Box
      component="a"
      href={`#${targetId}`}
      onClick={skip}
      sx={{
        position: 'fixed',
        top: 8,
        left: 8,
        zIndex: 'tooltip',
        px: 2,
        py: 1.5,
        borderRadius: 1,
        bgcolor: 'background.paper',
        color: 'text.primary',
        fontWeight: 600,
        outline: '3px solid',
        outlineColor: 'primary.main',
        transform: 'translateY(calc(-100% - 16px))',
        '&:focus': { transform: 'none', boxShadow: 8 },
      }}
    >
      Skip to main content
    </Box>
  );
}
