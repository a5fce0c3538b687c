import { useEffect, useState } from 'react';
import { hideLinkToken, readLinkToken } from './link-token.ts';

/** The token of the mailed link this page was opened from; it leaves the address bar once read. */
export function useLinkToken(): string | null {
  const [token] = useState(() => readLinkToken(window.location, window.history));
  useEffect(() => hideLinkToken(window.location, window.history), []);
  return token;
}
