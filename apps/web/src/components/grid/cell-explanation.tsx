import Link from '@mui/material/Link';
import Popover from '@mui/material/Popover';
import Typography from '@mui/material/Typography';
import { type ReactNode, useId } from 'react';
import { Link as RouterLink } from 'react-router';

export interface CellExplanationContent {
  anchor: HTMLElement;
  /** Why the cell cannot be switched here. */
  text: string;
  /** Where it can be (the role that grants it): each a link. */
  links: { href: string; label: string }[];
  /** The dialog's name, when it says more than why the cell cannot change ("Why?"). */
  title?: string;
  /** More to show under the text (the permission check's explanation, ADR 047). */
  body?: ReactNode;
}

/**
 * What a click (or Space, or a tap) on a read-only cell opens: why it cannot change here, and a link
 * to where it can (the role that grants it). The hover tooltip says the same, but a tooltip cannot
 * hold a link, and neither a keyboard nor a finger can hover (issue 19). The popover takes the focus
 * and gives it back to the cell when it closes (Escape, a click outside, or following the link).
 */
export function CellExplanation({
  content,
  onClose,
}: {
  content: CellExplanationContent | undefined;
  onClose: () => void;
}) {
  const textId = useId();
  return (
    <Popover
      open={Boolean(content)}
      anchorEl={content?.anchor}
      onClose={onClose}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      transformOrigin={{ vertical: 'top', horizontal: 'center' }}
      slotProps={{
        paper: {
          role: 'dialog',
          'aria-label': content?.title ?? 'Why this cannot change here',
          'aria-describedby': content?.text ? textId : undefined,
          // With an explanation that loads, the width is fixed up front: the popover is placed
          // once, on open, and must still fit the window (a phone) when the answer arrives.
          sx: content?.body ? { p: 2, width: 'min(360px, calc(100vw - 32px))' } : { p: 2, maxWidth: 320 },
        },
      }}
    >
      {content?.text && (
        <Typography id={textId} variant="body2" sx={content.body ? { mb: 1 } : undefined}>
          {content.text}
        </Typography>
      )}
      {content?.body}
      {content?.links.map((link) => (
        <Typography key={link.href} variant="body2" sx={{ mt: 1 }}>
          <Link component={RouterLink} to={link.href} onClick={onClose}>
            {link.label}
          </Link>
        </Typography>
      ))}
    </Popover>
  );
}
