import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, apiRequest, onUnauthorized } from './api-client.ts';

function answer(status: number, body?: unknown, contentType = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType },
  });
}

const problem = {
  type: 'urn:team-access:problem:validation_failed',
  title: 'The request is not valid',
  status: 400,
  code: 'validation_failed',
  detail: 'email: Enter a valid email address',
  errors: [{ path: 'body.email', message: 'Enter a valid email address', code: 'invalid_format' }],
  requestId: 'req-1',
};

describe('apiRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the CSRF header, the cookie and JSON, and validates the answer', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    const data = await apiRequest('/session', {
      method: 'POST',
      body: { a: 1 },
      schema: z.object({ ok: z.boolean() }),
    });
    expect(data).toEqual({ ok: true });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/session');
    expect(init.credentials).toBe('same-origin');
    expect(init.headers).toMatchObject({ 'x-csrf': '1', 'Content-Type': 'application/json' });
    expect(init.body).toBe('{"a":1}');
  });

  it('turns problem+json into an ApiError with the bad fields', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(400, problem, 'application/problem+json')));
    const error = await apiRequest('/session', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      requestId: 'req-1',
      errors: [{ path: 'body.email', message: 'Enter a valid email address' }],
    });
  });

  it('turns a non-problem error page into an ApiError naming the status', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(apiRequest('/iam/users')).rejects.toMatchObject({ status: 502, code: 'server_error' });
  });

  it('reports a network failure as network_error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(apiRequest('/session')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('refuses an answer that does not match the schema', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(200, { ok: 'yes' })));
    await expect(apiRequest('/x', { schema: z.object({ ok: z.boolean() }) })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('tells the 401 listeners, unless the call opts out', async () => {
    const unauthorized = { ...problem, status: 401, code: 'unauthenticated', errors: undefined };
    vi.stubGlobal(
      'fetch',
      vi.fn().mockImplementation(async () => answer(401, unauthorized)),
    );
    const listener = vi.fn();
    const stop = onUnauthorized(listener);
    await expect(apiRequest('/iam/users')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    await expect(apiRequest('/session', { notifyUnauthorized: false })).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });

  it('resolves undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(apiRequest('/session', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
