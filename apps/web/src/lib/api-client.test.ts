import { invitationRoutes } from '@team-access/contract/routes/invitations';
import { userRoutes } from '@team-access/contract/routes/users';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { testSession } from '@/test/fixtures.ts';
import { ApiError, apiRequest, callRoute, onUnauthorized } from './api-client.ts';

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

/** Every call answers 401; the listener hears what reaches the 401 listeners. */
function answerEvery401() {
  const unauthorized = { ...problem, status: 401, code: 'unauthenticated', errors: undefined };
  vi.stubGlobal(
    'fetch',
    vi.fn().mockImplementation(async () => answer(401, unauthorized)),
  );
  const listener = vi.fn();
  return { listener, stop: onUnauthorized(listener) };
}

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
    const { listener, stop } = answerEvery401();
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

describe('callRoute', () => {
  afterEach(() => vi.unstubAllGlobals());

  const user = testSession.user;
  const userId = user.id;

  it('when a route has parameters and a version, then the BFF path, method, body and If-Match come from the route', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, user));
    vi.stubGlobal('fetch', fetchMock);
    await expect(
      callRoute(userRoutes.updateUser, { params: { userId }, body: { firstName: 'Ada' }, ifMatch: 3 }),
    ).resolves.toEqual(user);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`/api/iam/multi-user/${userId}`);
    expect(init.method).toBe('PATCH');
    expect(init.headers).toMatchObject({ 'x-csrf': '1', 'If-Match': '"3"' });
    expect(init.body).toBe('{"firstName":"Ada"}');
  });

  it('when a query has empty values, then only the set ones are sent; an Idempotency-Key goes as a header', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { items: [], nextCursor: null, total: 0 }));
    vi.stubGlobal('fetch', fetchMock);
    await callRoute(userRoutes.listUsers, {
      query: { search: 'ada lovelace', role: undefined, status: undefined },
    }).catch(() => undefined);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/iam/multi-user?search=ada+lovelace');

    fetchMock.mockResolvedValue(answer(201, user));
    await callRoute(userRoutes.createUser, {
      body: { email: 'ada@example.com', firstName: 'Ada', lastName: 'L', password: 'long enough password' },
      idempotencyKey: 'key-1',
    });
    const [url, init] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(url).toBe('/api/iam/multi-user');
    expect(init.headers).toMatchObject({ 'Idempotency-Key': 'key-1' });
  });

  it("when the answer does not match the route's response schema, then it is an invalid_response", async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(200, { id: 'not a user' })));
    await expect(callRoute(userRoutes.getUser, { params: { userId } })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('when a route answers with an empty body, then it resolves undefined', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(callRoute(userRoutes.deleteUser, { params: { userId }, ifMatch: 1 })).resolves.toBeUndefined();
  });

  it('when a public route (a mailed link) answers 401, then nobody is sent to sign in; a session route does', async () => {
    const { listener, stop } = answerEvery401();
    await expect(callRoute(invitationRoutes.previewInvitation, { body: { token: 't' } })).rejects.toMatchObject({
      status: 401,
    });
    expect(listener).not.toHaveBeenCalled();
    await expect(callRoute(userRoutes.getUser, { params: { userId } })).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
  });
});
