import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { getConnectivity, probeConnectivity, probeDelayMs, subscribeConnectivity } from '@/lib/connectivity.ts';

/**
 * While the server cannot be reached, a banner says so and probes it again and again (with a
 * growing pause, or at once on "Retry now"). When it answers, the banner goes and every screen
 * refetches what it shows, so the page recovers by itself.
 */
export function ConnectivityBanner() {
  const connectivity = useSyncExternalStore(subscribeConnectivity, getConnectivity);
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(0);
  const [checking, setChecking] = useState(false);
  const wasUnreachable = useRef(false);

  useEffect(() => {
    if (connectivity === 'unreachable') {
      wasUnreachable.current = true;
      return;
    }
    setAttempt(0);
    if (wasUnreachable.current) {
      wasUnreachable.current = false;
      // Refetch what failed and what is on screen: errored queries come back without a click.
      void queryClient.invalidateQueries();
    }
  }, [connectivity, queryClient]);

  useEffect(() => {
    if (connectivity !== 'unreachable') return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setChecking(true);
      const ok = await probeConnectivity(controller.signal);
      if (controller.signal.aborted) return;
      setChecking(false);
      if (!ok) setAttempt((n) => n + 1);
    }, probeDelayMs(attempt));
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [connectivity, attempt]);

  if (connectivity !== 'unreachable') return null;

  return (
    <Box
      role="alert"
      aria-label="Connection problem"
      sx={{
        position: 'fixed',
        insetInline: 0,
        bottom: 0,
        zIndex: (theme) => theme.zIndex.snackbar + 1,
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'center',
        gap: 2,
        px: 2,
        py: 1.5,
        bgcolor: 'warning.dark',
        color: 'warning.contrastText',
      }}
    >
      <Typography sx={{ fontWeight: 600 }}>
        Team Access cannot reach its server.{' '}
        {checking ? 'Checking…' : 'Retrying automatically; this page recovers when it is back.'}
      </Typography>
      <Button
        variant="outlined"
        color="inherit"
        size="small"
        disabled={checking}
        onClick={() => {
          setAttempt(0);
          void probeConnectivity();
        }}
      >
        Retry now
      </Button>
    </Box>
  );
}
