import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RedisClientType } from 'redis';
import { ExpiringMap } from './expiring-map.ts';

/** What the BFF keeps per signed-in browser. The IAM token never leaves this process or its store. */
export interface SessionData {
  iamToken: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute end: the earlier of the BFF's lifetime and the IAM session's expiry. */
  expiresAt: number;
  /** When the IAM session expires by itself; the store keeps the session until then (see `ttl`). */
  iamExpiresAt?: number;
  /**
   * Set only on a pending second step (its own cookie and store key, never a session): the IAM's
   * pending sign-in and the email the brute-force limits count it against. No IAM token yet.
   */
  twoStep?: { challengeToken: string; email: string };
}

export interface SessionStore {
  get(key: string): Promise<SessionData | undefined>;
  set(key: string, data: SessionData, ttlMs: number): Promise<void>;
  /** Like set, but only while the session still exists: a touch must not revive a signed-out session. */
  touch(key: string, data: SessionData, ttlMs: number): Promise<void>;
  destroy(key: string): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** One process only: fine for a single BFF; use Redis for more. Expired entries are swept. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new ExpiringMap<{ data: SessionData; until: number }>();

  async get(key: string) {
    return this.sessions.live(key)?.data;
  }
  async set(key: string, data: SessionData, ttlMs: number) {
    this.sessions.set(key, { data, until: Date.now() + ttlMs });
  }
  async touch(key: string, data: SessionData, ttlMs: number) {
    if (this.sessions.has(key)) this.sessions.set(key, { data, until: Date.now() + ttlMs });
  }
  async destroy(key: string) {
    this.sessions.delete(key);
  }
  async ping() {
    return true;
  }
  async close() {
    this.sessions.close();
  }
}

export class RedisSessionStore implements SessionStore {
  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
  ) {}

  /** The connection, for other shared state (rate-limit counters); this store owns and closes it. */
  get redis(): RedisClientType {
    return this.client;
  }

  static async connect(url: string, prefix = 'ta:sess:'): Promise<RedisSessionStore> {
    // Loaded only with REDIS_URL: the client is a few hundred modules, a good part of the BFF's
    // start (ADR 034).
    const { createClient } = await import('redis');
    const client: RedisClientType = createClient({
      url,
      socket: { connectTimeout: 5_000, reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
    });
    // Errors surface on the commands that fail; a dropped connection must not crash the process.
    client.on('error', () => {});
    await client.connect();
    return new RedisSessionStore(client, prefix);
  }

  async get(key: string) {
    const raw = await this.client.get(this.prefix + key);
    return raw ? (JSON.parse(raw) as SessionData) : undefined;
  }
  async set(key: string, data: SessionData, ttlMs: number) {
    await this.client.set(this.prefix + key, JSON.stringify(data), { expiration: { type: 'PX', value: ttlMs } });
  }
  async touch(key: string, data: SessionData, ttlMs: number) {
    await this.client.set(this.prefix + key, JSON.stringify(data), {
      expiration: { type: 'PX', value: ttlMs },
      condition: 'XX',
    });
  }
  async destroy(key: string) {
    await this.client.del(this.prefix + key);
  }
  async ping() {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
  async close() {
    await this.client.quit().catch(() => this.client.destroy());
  }
}

export interface SessionOptions {
  store: SessionStore;
  secret: string;
  secureCookies: boolean;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
}

/**
 * Writes back `lastSeenAt` at most this often (and at least twice per idle timeout), so a busy
 * session does not write on every request and an active one never idles out.
 */
const MAX_TOUCH_INTERVAL_MS = 60_000;

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Cookie sessions: a 256-bit random id in an HttpOnly, SameSite=Strict cookie (Secure and
 * `__Host-` in production); the store is keyed by HMAC(secret, id), so a leaked store dump holds
 * no usable cookie values.
 */
export class Sessions {
  readonly cookieName: string;
  /** The cookie of a pending second step (two-step sign-in). */
  readonly pendingCookieName: string;
  private readonly touchIntervalMs: number;
  private endListener: (data: SessionData) => void = () => {};

  constructor(private readonly options: SessionOptions) {
    this.cookieName = options.secureCookies ? '__Host-ta_session' : 'ta_session';
    this.pendingCookieName = options.secureCookies ? '__Host-ta_two_step' : 'ta_two_step';
    this.touchIntervalMs = Math.min(MAX_TOUCH_INTERVAL_MS, Math.floor(options.idleTimeoutMs / 2));
  }

  /** Told about every session that timed out (idle or absolute), e.g. to end its IAM session. */
  onTimeout(listener: (data: SessionData) => void): void {
    this.endListener = listener;
  }

  private storeKey(id: string): string {
    return createHmac('sha256', this.options.secret).update(id).digest('base64url');
  }

  private cookieId(req: Request): string | undefined {
    return this.cookieIdOf(req, this.cookieName);
  }

  /**
   * The store keeps a session until its IAM session expires by itself; `load` enforces the idle
   * timeout and the absolute lifetime, so a browser that comes back after either is seen, and its
   * IAM session ended (`onTimeout`) rather than left live until its own expiry.
   */
  private ttl(data: SessionData, now: number): number {
    return Math.max(1, Math.max(data.expiresAt, data.iamExpiresAt ?? 0) - now);
  }

  /** The live session of this request, sliding its idle timeout; undefined when none or expired. */
  async load(req: Request): Promise<{ id: string; data: SessionData } | undefined> {
    const id = this.cookieId(req);
    if (!id) return undefined;
    const key = this.storeKey(id);
    const data = await this.options.store.get(key);
    if (!data) return undefined;
    const now = Date.now();
    if (now >= data.expiresAt || now - data.lastSeenAt >= this.options.idleTimeoutMs) {
      await this.options.store.destroy(key);
      this.endListener(data);
      return undefined;
    }
    if (now - data.lastSeenAt >= this.touchIntervalMs) {
      const touched = { ...data, lastSeenAt: now };
      await this.options.store.touch(key, touched, this.ttl(touched, now));
      return { id, data: touched };
    }
    return { id, data };
  }

  /** Starts a new session (a new id at every sign-in) and sets its cookie. */
  async create(
    res: Response,
    init: { iamToken: string; userId: string; iamExpiresAt: number },
  ): Promise<{ id: string; data: SessionData }> {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const data: SessionData = {
      iamToken: init.iamToken,
      userId: init.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.options.absoluteTimeoutMs, init.iamExpiresAt),
      iamExpiresAt: init.iamExpiresAt,
    };
    const ttl = this.ttl(data, now);
    await this.options.store.set(this.storeKey(id), data, ttl);
    // The cookie lives as long as the stored session, so a browser that comes back after the
    // session's lifetime still names it, and the BFF ends its IAM session then.
    res.append('Set-Cookie', this.serialize(id, Math.floor(ttl / 1000)));
    return { id, data };
  }

  /**
   * A pending second step (two-step sign-in, ADR 029): the IAM's pending sign-in kept server-side
   * under its own cookie for as long as it lives (5 minutes); never the password, never a session.
   */
  async createPending(res: Response, pending: { challengeToken: string; email: string; expiresAt: number }) {
    const id = randomBytes(32).toString('base64url');
    const now = Date.now();
    const data: SessionData = {
      iamToken: '',
      userId: '',
      createdAt: now,
      lastSeenAt: now,
      expiresAt: pending.expiresAt,
      twoStep: { challengeToken: pending.challengeToken, email: pending.email },
    };
    const ttl = Math.max(1, pending.expiresAt - now);
    await this.options.store.set(this.pendingKey(id), data, ttl);
    res.append('Set-Cookie', this.serializeAs(this.pendingCookieName, id, Math.floor(ttl / 1000)));
  }

  /** The live pending second step of this browser, if any. */
  async loadPending(req: Request): Promise<{ challengeToken: string; email: string } | undefined> {
    const id = this.cookieIdOf(req, this.pendingCookieName);
    if (!id) return undefined;
    const data = await this.options.store.get(this.pendingKey(id));
    if (!data?.twoStep || Date.now() >= data.expiresAt) return undefined;
    return data.twoStep;
  }

  async destroyPending(req: Request, res: Response): Promise<void> {
    const id = this.cookieIdOf(req, this.pendingCookieName);
    if (id) await this.options.store.destroy(this.pendingKey(id));
    this.clearPendingCookie(res);
  }

  /** Tells the browser to drop the pending second step's cookie. */
  clearPendingCookie(res: Response): void {
    res.append('Set-Cookie', this.serializeAs(this.pendingCookieName, '', 0));
  }

  private pendingKey(id: string): string {
    return `two-step:${this.storeKey(id)}`;
  }

  private cookieIdOf(req: Request, name: string): string | undefined {
    const id = parseCookie(req.headers.cookie, name);
    return id && /^[A-Za-z0-9_-]{43}$/.test(id) ? id : undefined;
  }

  async destroy(req: Request, res: Response): Promise<void> {
    const id = this.cookieId(req);
    if (id) await this.options.store.destroy(this.storeKey(id));
    res.append('Set-Cookie', this.serialize('', 0));
  }

  /** Ends a session by id without touching the response (e.g. the IAM API said it has ended). */
  async destroyById(id: string): Promise<void> {
    await this.options.store.destroy(this.storeKey(id));
  }

  private serialize(value: string, maxAgeSeconds: number): string {
    return this.serializeAs(this.cookieName, value, maxAgeSeconds);
  }

  private serializeAs(name: string, value: string, maxAgeSeconds: number): string {
    const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`];
    if (this.options.secureCookies) parts.push('Secure');
    return parts.join('; ');
  }
}
