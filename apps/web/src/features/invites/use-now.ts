import { useEffect, useState } from 'react';

/** The time, renewed every `intervalMs` (default 30 s): countdowns re-render as it ticks. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
