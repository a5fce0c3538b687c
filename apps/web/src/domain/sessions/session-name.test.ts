import { describe, expect, it } from 'vitest';
import { lastActive, sessionName } from './session-name.ts';

describe('sessionName', () => {
  it('when browser and system are known, then both are named; else what is known', () => {
    expect(sessionName({ browser: 'Chrome 131', system: 'macOS' })).toBe('Chrome 131 on macOS');
    expect(sessionName({ browser: 'curl 8', system: null })).toBe('curl 8');
    expect(sessionName({ browser: null, system: 'Linux' })).toBe('An unknown browser on Linux');
  });
});

describe('lastActive', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();
  it('when the session was used within the last minute or two, then it is active now; later, how long ago', () => {
    expect(lastActive(ago(30_000), now)).toBe('Active now');
    expect(lastActive(ago(5 * 60_000), now)).toMatch(/^Active 5 minutes ago$/);
    expect(lastActive(ago(3 * 3_600_000), now)).toMatch(/^Active 3 hours ago$/);
    expect(lastActive(ago(3 * 86_400_000), now)).toMatch(/^Active 3 days ago$/);
  });
});
