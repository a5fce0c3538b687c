import { describe, expect, it } from 'vitest';
import { timeUntil } from './expiry.ts';

const now = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('timeUntil', () => {
  it('when a reset link was just sent, then it expires "in 1 hour", and later in minutes', () => {
    expect(timeUntil(later(HOUR - 5_000), now)).toBe('in 1 hour');
    expect(timeUntil(later(45 * MINUTE), now)).toBe('in 45 minutes');
    expect(timeUntil(later(10_000), now)).toBe('in 1 minute');
  });

  it('when an invitation has days left, then they are counted in days past two days, in hours before', () => {
    expect(timeUntil(later(7 * DAY), now)).toBe('in 7 days');
    expect(timeUntil(later(2 * DAY + HOUR), now)).toBe('in 2 days');
    expect(timeUntil(later(30 * HOUR), now)).toBe('in 30 hours');
  });

  it('when the moment has passed, then it is "now"', () => {
    expect(timeUntil(later(-MINUTE), now)).toBe('now');
    expect(timeUntil(now, now)).toBe('now');
  });
});
