import { describe, expect, it } from 'vitest';
import { expiryText, timeAgo } from './countdown.ts';

const now = Date.parse('2026-11-23T12:00:00.000Z');
const at = (ms: number) => new Date(now + ms).toISOString();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('expiryText', () => {
  it('when the invitation expires in the future, then it counts down in whole units, rounded down', () => {
    expect(expiryText(at(7 * DAY - MINUTE), now)).toBe('Expires in 6 days');
    expect(expiryText(at(DAY), now)).toBe('Expires in 1 day');
    expect(expiryText(at(23 * HOUR + 59 * MINUTE), now)).toBe('Expires in 23 hours');
    expect(expiryText(at(HOUR), now)).toBe('Expires in 1 hour');
    expect(expiryText(at(59 * MINUTE + 59_000), now)).toBe('Expires in 59 minutes');
    expect(expiryText(at(MINUTE), now)).toBe('Expires in 1 minute');
    expect(expiryText(at(59_000), now)).toBe('Expires in less than a minute');
  });

  it('when the moment has passed, then it says how long ago', () => {
    expect(expiryText(at(0), now)).toBe('Expired just now');
    expect(expiryText(at(-30_000), now)).toBe('Expired just now');
    expect(expiryText(at(-2 * MINUTE), now)).toBe('Expired 2 minutes ago');
    expect(expiryText(at(-2 * HOUR - 5 * MINUTE), now)).toBe('Expired 2 hours ago');
    expect(expiryText(at(-3 * DAY), now)).toBe('Expired 3 days ago');
  });

  it('when a minute passes, then the text follows the clock', () => {
    const expires = at(2 * MINUTE + 30_000);
    expect(expiryText(expires, now)).toBe('Expires in 2 minutes');
    expect(expiryText(expires, now + MINUTE)).toBe('Expires in 1 minute');
    expect(expiryText(expires, now + 3 * MINUTE)).toBe('Expired just now');
  });
});

describe('timeAgo', () => {
  it('when a moment is in the past, then it says how long ago, or just now under a minute', () => {
    expect(timeAgo(at(-10_000), now)).toBe('just now');
    expect(timeAgo(at(-MINUTE), now)).toBe('1 minute ago');
    expect(timeAgo(at(-26 * HOUR), now)).toBe('1 day ago');
  });
});
