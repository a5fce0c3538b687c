import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

/**
 * The last line: an error outside the router's own boundaries (in the providers, say) shows this
 * page instead of a blank one. Plain markup, so it renders even when the theme is what failed.
 */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Team Access failed to render', error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main
        id="main"
        style={{
          minHeight: '100dvh',
          display: 'grid',
          placeItems: 'center',
          padding: 16,
          fontFamily: 'system-ui, sans-serif',
        }}
      >
        <div style={{ maxWidth: 520 }}>
          <title>Something went wrong · Team Access</title>
          <h1>Something went wrong</h1>
          <p>Team Access could not show this page. Reload it; if it happens again, try again later.</p>
          <button
            type="button"
            onClick={() => window.location.reload()}
            style={{ font: 'inherit', padding: '8px 16px' }}
          >
            Reload page
          </button>
        </div>
      </main>
    );
  }
}
