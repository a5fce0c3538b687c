import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { AppProvider } from './app/provider.tsx';
import { router } from './app/router.tsx';
import { AppErrorBoundary } from './components/app-error-boundary.tsx';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element to render Team Access into.');

createRoot(container).render(
  <StrictMode>
    <AppErrorBoundary>
      <AppProvider>
        <RouterProvider router={router} />
      </AppProvider>
    </AppErrorBoundary>
  </StrictMode>,
);
