import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AddressRefused, bareHost, resolveSafely } from './address-guard.ts';

/** A try's outcome, as the delivery log shows it. */
export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
}

export interface SendOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  allowPrivate: boolean;
  timeoutMs: number;
  /** At most this much of the answer is read (the rest is dropped with the connection). */
  maxResponseBytes: number;
}

/** The characters of an answer the delivery log keeps. */
export const RESPONSE_EXCERPT_CHARS = 500;

/**
 * POSTs one signed delivery. The host is resolved and checked here (address-guard.ts), and the
 * connection is made to exactly the checked address (the request's `lookup` answers it), so a DNS
 * answer that changes between the check and the connect cannot turn the request inward. No
 * redirect is followed (a 3xx is a failed try), the whole try is bounded by `timeoutMs`, and at
 * most `maxResponseBytes` of the answer are read.
 */
export async function sendSigned(options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(options.url);
  let target: Awaited<ReturnType<typeof resolveSafely>>;
  try {
    target = await resolveSafely(url.hostname, options.allowPrivate);
  } catch (error) {
    const message = error instanceof AddressRefused ? error.message : 'The host could not be resolved';
    return { ok: false, statusCode: null, durationMs: elapsed(), error: message, responseExcerpt: null };
  }
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    } else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = client.request({
      method: 'POST',
      protocol: url.protocol,
      hostname: bareHost(url.hostname),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      headers: {
        ...options.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(options.body)),
        'user-agent': 'TeamAccess-Webhooks/1',
      },
      agent: false,
      lookup,
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({
        ok: false,
        statusCode: null,
        error: `No answer within ${Math.round(options.timeoutMs / 1000)} s`,
        responseExcerpt: null,
      });
    }, options.timeoutMs);
    req.on('error', (error) => {
      finish({ ok: false, statusCode: null, error: `Could not connect: ${error.message}`, responseExcerpt: null });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS);
        const ok = status >= 200 && status < 300;
        const error = ok
          ? null
          : status >= 300 && status < 400
            ? `Answered ${status}: redirects are not followed`
            : `Answered ${status}`;
        finish({ ok, statusCode: status, error, responseExcerpt: text === '' ? null : text });
      };
      res.on('data', (chunk: Buffer) => {
        if (size >= options.maxResponseBytes) return;
        const room = options.maxResponseBytes - size;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(chunk.length, room);
        if (size >= options.maxResponseBytes) {
          done();
          res.destroy();
        }
      });
      res.on('end', done);
      res.on('error', done);
      res.on('close', done);
    });
    req.end(options.body);
  });
}
