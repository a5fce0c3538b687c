import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dismissNotification, getNotifications, notify } from '@/lib/notifications.ts';
import { GIVE_WAY_AFTER_MS, NotificationsProvider } from './notifications-provider.tsx';

afterEach(() => {
  for (const { id } of getNotifications()) dismissNotification(id);
});

const undo = { label: 'Undo', onClick: () => {} };

describe('NotificationsProvider', () => {
  it('keeps a lone toast with an Undo open past the give-way time', async () => {
    render(<NotificationsProvider>page</NotificationsProvider>);
    act(() => void notify('Granted Ignite to Rita', 'success', { action: undo }));
    expect(await screen.findByText('Granted Ignite to Rita')).toBeVisible();
    await act(() => new Promise((resolve) => setTimeout(resolve, GIVE_WAY_AFTER_MS + 500)));
    expect(screen.getByText('Granted Ignite to Rita')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeVisible();
  });

  it('lets a waiting toast through without holding it back for the first one’s full time', async () => {
    render(<NotificationsProvider>page</NotificationsProvider>);
    act(() => void notify('Granted Ignite to Rita', 'success', { action: undo }));
    expect(await screen.findByText('Granted Ignite to Rita')).toBeVisible();
    act(() => void notify('Nothing to change in Journeys.', 'info'));
    // The Undo toast stays ten seconds on its own; with a toast waiting it gives way well before.
    expect(await screen.findByText('Nothing to change in Journeys.', {}, { timeout: 5000 })).toBeVisible();
    await waitFor(() => expect(screen.queryByText('Granted Ignite to Rita')).toBeNull());
  });
});
