import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router';

/**
 * A person in a table cell: their name in bold (a link to their page when `to` is given), and
 * their email below it unless the name is the email.
 */
export function NameAndEmail({ name, email, to }: { name: string; email: string; to?: string }) {
  return (
    <>
      {to ? (
        <Link component={RouterLink} to={to} underline="hover" sx={{ fontWeight: 600 }}>
          {name}
        </Link>
      ) : (
        <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
      )}
      {name !== email && (
        <Typography variant="body2" color="text.secondary">
          {email}
        </Typography>
      )}
    </>
  );
}
