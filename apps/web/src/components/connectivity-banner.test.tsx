import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { theme } from '@/app/theme.ts';
import { apiRequest } from '@/lib/api-client.ts';
import { getConnectivity, READINESS_URL, reportAnswer } from '@/lib/connectivity.ts';
import { jsonResponse } from '@/test/fixtures.ts';
import { ConnectivityBanner } from './connectivity-banner.tsx';

function Screen() {
  const data = useQuery({ queryKey: ['thing'], queryFn: () => apiRequest('/thing'), retry: false });
  return <p>{data.isSuccess ? 'the screen shows its data' : data.isError ? 'the screen failed' : 'loading'}</p>;
}

function renderApp() {
  const client = new QueryClient();
  render(
    <ThemeProvider theme={theme}>
      <QueryClientProvider client={client}>
        <Screen />
        <ConnectivityBanner />
      </QueryClientProvider>
    </ThemeProvider>,
  );
}

/** A server that is down until `up()`; /readyz and /api answer accordingly. */
function server() {
  let isUp = false;
  const fetchMock = vi.fn(async (url: string) => {
    if (!isUp) {
      if (url === READINESS_URL) return jsonResponse(503, { status: 'unavailable' });
      throw new TypeError('Failed to fetch');
    }
    return jsonResponse(200, url === READINESS_URL ? { status: 'ok' } : { thing: 1 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    up() {
      isUp = true;
    },
  };
}

describe('ConnectivityBanner', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    act(() => reportAnswer(200));
  });

  it('when the server cannot be reached, then a banner says so, keeps probing, and the screen recovers by itself', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const s = server();
    renderApp();
    expect(await screen.findByText('the screen failed')).toBeVisible();
    expect(screen.getByRole('alert', { name: 'Connection problem' })).toHaveTextContent('cannot reach its server');

    await act(() => vi.advanceTimersByTimeAsync(1_000));
    expect(s.fetchMock).toHaveBeenCalledWith(READINESS_URL, expect.anything());
    expect(screen.getByRole('alert', { name: 'Connection problem' })).toBeVisible();

    s.up();
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(await screen.findByText('the screen shows its data')).toBeVisible();
    expect(screen.queryByRole('alert', { name: 'Connection problem' })).toBeNull();
    expect(getConnectivity()).toBe('online');
  });

  it('when "Retry now" is pressed, then it probes at once', async () => {
    const s = server();
    renderApp();
    await screen.findByRole('alert', { name: 'Connection problem' });
    s.up();
    await userEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(await screen.findByText('the screen shows its data')).toBeVisible();
    expect(screen.queryByRole('alert', { name: 'Connection problem' })).toBeNull();
  });

  it('when the BFF answers that its IAM service is down, then that counts as unreachable too', () => {
    renderApp();
    act(() => reportAnswer(503));
    expect(screen.getByRole('alert', { name: 'Connection problem' })).toBeVisible();
    act(() => reportAnswer(401));
    expect(screen.queryByRole('alert', { name: 'Connection problem' })).toBeNull();
  });
});
