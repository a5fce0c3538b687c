import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { requestLogLevel } from '@team-access/http-server';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { requestLogger } from './request-log.ts';

/** An app with the request logger at `level`, answering /ok 200, /boom 500 and /warn 200 after a `req.log.warn`. */
async function serve(level: string, options: Partial<Parameters<typeof requestLogger>[1]> = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = express();
  app.use(
    requestLogger(createLogger(level, 'iam-test', sink), { ignore: (req) => req.url === '/healthz', ...options }),
  );
  app.get('/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  app.get('/boom', (_req, res) => void res.status(500).json({ ok: false }));
  app.get('/missing', (_req, res) => void res.status(404).json({ ok: false }));
  app.get('/warn', (req, res) => {
    req.log.warn({ detail: 'x' }, 'something to say');
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`, {
      headers: { authorization: 'Basic c2VjcmV0OnNlY3JldA==', 'x-request-id': 'request-0001' },
    });
    await res.text();
    // The line is written when the response has finished, which the client may see first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    return res;
  };
  return { lines, get, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the request log', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it('when a request is answered at info, then one "request completed" line carries its id, method, status and time, with credentials blanked', async () => {
    const app = await serve('info');
    close = app.close;
    const res = await app.get('/ok');
    expect(res.headers.get('x-request-id')).toBe('request-0001');
    expect(app.lines).toHaveLength(1);
    const [line] = app.lines as [{ msg: string; req: Record<string, unknown>; res: { statusCode: number } }];
    expect(line).toMatchObject({ msg: 'request completed', level: 30, responseTime: expect.any(Number) });
    expect(line.req).toMatchObject({ id: 'request-0001', method: 'GET', url: '/ok' });
    expect(line.res.statusCode).toBe(200);
    expect(JSON.stringify(line)).not.toContain('c2VjcmV0');
    expect((line.req.headers as Record<string, string>).authorization).toBe('[redacted]');
    await app.get('/healthz');
    expect(app.lines).toHaveLength(1);
  });

  it('when the level is warn, then a successful request writes nothing, a 5xx writes "request errored" and req.log still logs bound to the request', async () => {
    const app = await serve('warn');
    close = app.close;
    await app.get('/ok');
    expect(app.lines).toHaveLength(0);
    await app.get('/boom');
    expect(app.lines).toHaveLength(1);
    expect(app.lines[0]).toMatchObject({ msg: 'request errored', level: 50, res: { statusCode: 500 } });
    await app.get('/warn');
    expect(app.lines).toHaveLength(2);
    expect(app.lines[1]).toMatchObject({
      msg: 'something to say',
      detail: 'x',
      req: { id: 'request-0001', url: '/warn' },
    });
  });

  it('when the server logs at a terminal (pretty), then successes are debug, a 404 is a warn line and a 5xx an error line', async () => {
    const app = await serve('info', { level: requestLogLevel('pretty') });
    close = app.close;
    await app.get('/ok');
    expect(app.lines).toHaveLength(0);
    await app.get('/missing');
    await app.get('/boom');
    expect(app.lines.map((l) => [l.level, l.msg])).toEqual([
      [40, 'request completed'],
      [50, 'request errored'],
    ]);
  });
});
