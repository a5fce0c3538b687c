import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { RowActionsMenu } from './row-actions-menu.tsx';

describe('RowActionsMenu', () => {
  it('when an entry is chosen, then the menu closes and its action runs; a link entry links', async () => {
    const onDelete = vi.fn();
    render(
      <MemoryRouter>
        <RowActionsMenu
          id="role-actions-1"
          label="Actions for Editors"
          actions={[
            { key: 'open', label: 'Open', icon: null, to: '/roles/1' },
            { key: 'delete', label: 'Delete', icon: null, destructive: true, dividerBefore: true, onSelect: onDelete },
          ]}
        />
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    const button = screen.getByRole('button', { name: 'Actions for Editors' });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).not.toHaveAttribute('aria-expanded');

    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(button).toHaveAttribute('aria-controls', 'role-actions-1');
    expect(screen.getByRole('menu')).toBeVisible();
    expect(screen.getByRole('menuitem', { name: 'Open' })).toHaveAttribute('href', '/roles/1');
    expect(screen.getByRole('separator')).toBeInTheDocument();

    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    expect(onDelete).toHaveBeenCalledOnce();
    expect(button).not.toHaveAttribute('aria-expanded');
  });
});
