import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('keeps a failed query’s SQL but never its parameter values', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger('info', 'iam', sink);
    const error = Object.assign(new Error('invalid byte sequence'), {
      query: 'select * from tenants where api_key = $1',
      params: ['ak_the_key', 'owner@example.com'],
    });
    logger.error({ err: error }, 'unhandled error');
    const line = lines.join('');
    expect(line).toContain('select * from tenants where api_key = $1');
    expect(line).not.toContain('ak_the_key');
    expect(line).not.toContain('owner@example.com');
  });
});
