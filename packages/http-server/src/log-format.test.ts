import { describe, expect, it } from 'vitest';
import { formatLogLine, prettyDestination, requestLogLevel, resolveLogFormat } from './log-format.ts';

const at = new Date(2026, 11, 7, 14, 2, 11).getTime();

describe('log lines for a person at a terminal', () => {
  it('when LOG_FORMAT is unset, then a terminal gets readable lines and anything else JSON', () => {
    expect(resolveLogFormat(undefined, true)).toBe('pretty');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('when a request is logged, then one line says the time, level, server, method, path, status and duration', () => {
    const line = JSON.stringify({
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      name: 'iam',
      msg: 'request completed',
      req: { id: 'r-1', method: 'GET', url: '/v2/client/multi-user', headers: { authorization: '[redacted]' } },
      res: { statusCode: 200 },
      responseTime: 3.6,
    });
    expect(formatLogLine(line)).toBe(
      '14:02:11 INFO  iam request completed  GET /v2/client/multi-user → 200 in 4 ms  reqId=r-1\n',
    );
  });

  it('when an error is logged, then its stack follows on indented lines and other fields as key=value', () => {
    const error = new Error('boom');
    const text = formatLogLine(
      JSON.stringify({
        level: 50,
        time: at,
        name: 'bff',
        msg: 'failed',
        step: 'proxy',
        err: { message: 'boom', stack: error.stack },
      }),
    );
    expect(text.split('\n')[0]).toBe('14:02:11 ERROR bff failed  step=proxy');
    expect(text.split('\n')[1]).toBe('  Error: boom');
    expect(formatLogLine(JSON.stringify({ level: 40, time: at, msg: 'slow' }), true)).toContain('\u001b[33mWARN');
  });

  it('when a line is not JSON, then it passes through as it came', () => {
    expect(formatLogLine('plain text')).toBe('plain text\n');
  });

  it('when pino writes several lines at once, then each becomes one readable line', () => {
    const out: string[] = [];
    prettyDestination({ write: (chunk) => out.push(chunk) }, false).write(
      `${JSON.stringify({ level: 30, time: at, msg: 'a' })}\n${JSON.stringify({ level: 30, time: at, msg: 'b' })}\n`,
    );
    expect(out).toEqual(['14:02:11 INFO  a\n', '14:02:11 INFO  b\n']);
  });

  it('when requests go well on a terminal, then they are debug; refusals warn and failures error in both formats', () => {
    const res = (statusCode: number) => ({ statusCode }) as never;
    const req = {} as never;
    expect(requestLogLevel('pretty')(req, res(200))).toBe('debug');
    expect(requestLogLevel('json')(req, res(200))).toBe('info');
    expect(requestLogLevel('pretty')(req, res(404))).toBe('warn');
    expect(requestLogLevel('json')(req, res(503))).toBe('error');
    expect(requestLogLevel('pretty')(req, res(200), new Error('x'))).toBe('error');
  });
});
