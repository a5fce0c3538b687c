import { createHmac } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { ExpiringMap } from './expiring-map.ts';

/** A count inside a fixed window, and how long until the window ends. */
export interface Hit {
  count: number;
  resetMs: number;
}

/** Fixed-window counters: in memory for one BFF, in Redis so every instance counts together. */
export interface CounterStore {
  /** Adds one and answers the new count; the window starts at the first hit. */
  hit(key: string, windowMs: number): Promise<Hit>;
  /** Takes one back (an attempt that turned out not to count). */
  undo(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

export class MemoryCounterStore implements CounterStore {
  private readonly counters = new ExpiringMap<{ count: number; until: number }>();

  async hit(key: string, windowMs: number): Promise<Hit> {
    const now = Date.now();
    let entry = this.counters.live(key, now);
    if (!entry) {
      entry = { count: 0, until: now + windowMs };
      this.counters.set(key, entry);
    }
    entry.count += 1;
    return { count: entry.count, resetMs: entry.until - now };
  }
  async undo(key: string): Promise<void> {
    const entry = this.counters.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }
  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }
  close(): void {
    this.counters.close();
  }
}

/** Counters shared by every BFF instance on one Redis (INCR, and an expiry set by the first hit). */
export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
  ) {}

  async hit(key: string, windowMs: number): Promise<Hit> {
    const k = this.prefix + key;
    const [count, , ttl] = (await this.client.multi().incr(k).pExpire(k, windowMs, 'NX').pTTL(k).exec()) as unknown as [
      number,
      number,
      number,
    ];
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }
  async undo(key: string): Promise<void> {
    const k = this.prefix + key;
    // Never below zero, and never a key without an expiry.
    await this.client.eval(
      "local n = redis.call('GET', KEYS[1]) if n and tonumber(n) > 0 then redis.call('DECR', KEYS[1]) end return 0",
      { keys: [k] },
    );
  }
  async reset(key: string): Promise<void> {
    await this.client.del(this.prefix + key);
  }
}

export interface SignInLimits {
  /** Sign-in attempts that may fail for one account (email) in a window before it is locked. */
  maxPerAccount: number;
  /** Sign-in attempts that may fail from one client address in a window. */
  maxPerIp: number;
  windowMs: number;
}

export type SignInVerdict =
  | { allowed: true; succeeded(): Promise<void>; notCounted(): Promise<void> }
  | { allowed: false; limit: 'account' | 'ip'; retryAfterSeconds: number };

/**
 * Brute-force limits on signing in, per account and per client address. Every attempt counts
 * before the IAM API is asked (so parallel guesses cannot slip through); a success clears the
 * account's count and takes back its own address hit; an attempt the IAM API did not judge (bad
 * body, IAM down) is taken back. Emails are keyed by an HMAC, so the store holds no address.
 */
export class SignInLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly secret: string,
    private readonly limits: SignInLimits,
  ) {}

  private accountKey(email: string): string {
    const normalized = email.trim().toLowerCase();
    return `acct:${createHmac('sha256', this.secret).update(normalized).digest('base64url')}`;
  }

  async attempt(email: string | undefined, ip: string): Promise<SignInVerdict> {
    const ipKey = `ip:${ip}`;
    const byIp = await this.store.hit(ipKey, this.limits.windowMs);
    if (byIp.count > this.limits.maxPerIp) {
      return { allowed: false, limit: 'ip', retryAfterSeconds: Math.ceil(byIp.resetMs / 1000) };
    }
    const accountKey = email === undefined ? undefined : this.accountKey(email);
    if (accountKey) {
      const byAccount = await this.store.hit(accountKey, this.limits.windowMs);
      if (byAccount.count > this.limits.maxPerAccount) {
        return { allowed: false, limit: 'account', retryAfterSeconds: Math.ceil(byAccount.resetMs / 1000) };
      }
    }
    return {
      allowed: true,
      succeeded: async () => {
        await Promise.all([this.store.undo(ipKey), accountKey ? this.store.reset(accountKey) : undefined]);
      },
      notCounted: async () => {
        await Promise.all([this.store.undo(ipKey), accountKey ? this.store.undo(accountKey) : undefined]);
      },
    };
  }
}

export interface PublicRouteLimits {
  /** Calls to public routes allowed from one client address in a window. */
  maxPerIp: number;
  windowMs: number;
}

export type PublicRouteVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The per-address limit on public routes (the pages a mailed link opens: password reset,
 * invitations), which run without a session, so the client address is all there is to count.
 * Every call counts, whatever the IAM API answers: guessing link tokens is what it slows down.
 */
export class PublicRouteLimiter {
  constructor(
    private readonly store: CounterStore,
    private readonly limits: PublicRouteLimits,
  ) {}

  async hit(ip: string): Promise<PublicRouteVerdict> {
    const { count, resetMs } = await this.store.hit(`public:${ip}`, this.limits.windowMs);
    return count > this.limits.maxPerIp
      ? { allowed: false, retryAfterSeconds: Math.ceil(resetMs / 1000) }
      : { allowed: true };
  }
}
