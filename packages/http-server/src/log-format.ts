import type { IncomingMessage, ServerResponse } from 'node:http';

// How the servers' log lines look (`LOG_FORMAT`). JSON (pino's own, one object per line) for log
// collectors; `pretty` for a person at a terminal: one short readable line per event, requests at
// `debug` so a normal `npm start` shows the first-run banner and the addresses, not a flood.

/** `json` or `pretty`; unset: pretty on a terminal, JSON otherwise. */
export type LogFormat = 'json' | 'pretty';

export function resolveLogFormat(configured: LogFormat | undefined, isTty = process.stdout.isTTY === true): LogFormat {
  return configured ?? (isTty ? 'pretty' : 'json');
}

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};
const COLOURS: Record<number, string> = { 40: '\u001b[33m', 50: '\u001b[31m', 60: '\u001b[31m' };
const RESET = '\u001b[0m';

/** Fields every line has, or that the line's head shows already. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'req', 'res', 'responseTime', 'err']);

function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return date.toTimeString().slice(0, 8);
}

function value(v: unknown): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * One pino JSON line as a person reads it:
 * `14:02:11 INFO  iam  request completed  GET /v2/client/multi-user → 200 in 4 ms  reqId=…`.
 * A line that is not pino's JSON is passed through as it came.
 */
export function formatLogLine(line: string, colour = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const levelName = LEVEL_NAMES[level] ?? String(level);
  const parts = [clock(entry.time), colour && COLOURS[level] ? `${COLOURS[level]}${levelName}${RESET}` : levelName];
  if (typeof entry.name === 'string') parts.push(entry.name.padEnd(3));
  if (entry.msg !== undefined) parts.push(String(entry.msg));
  const req = entry.req as { method?: string; url?: string; id?: unknown } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  if (req?.method && req.url) {
    const answered = res?.statusCode !== undefined ? ` → ${res.statusCode}` : '';
    const took = typeof entry.responseTime === 'number' ? ` in ${Math.round(entry.responseTime)} ms` : '';
    parts.push(` ${req.method} ${req.url}${answered}${took}`);
  }
  const extra = Object.entries(entry)
    .filter(([key, v]) => !SHOWN.has(key) && v !== undefined)
    .map(([key, v]) => `${key}=${value(v)}`);
  if (req?.id !== undefined) extra.push(`reqId=${value(req.id)}`);
  if (extra.length) parts.push(` ${extra.join(' ')}`);
  let text = parts.join(' ');
  const err = entry.err as { message?: string; stack?: string } | undefined;
  if (err) text += `\n  ${(err.stack ?? err.message ?? value(err)).replaceAll('\n', '\n  ')}`;
  return `${text}\n`;
}

/** A pino destination that writes readable lines to stdout (synchronously, like pino's default). */
export function prettyDestination(
  out: { write(chunk: string): unknown } = process.stdout,
  colour = process.stdout.isTTY === true,
) {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) out.write(formatLogLine(line, colour));
    },
  };
}

/**
 * The level of a request's log line (pino-http `customLogLevel`): on a terminal a request that
 * went well is `debug`; a refusal `warn` and a failure `error` always.
 */
export function requestLogLevel(format: LogFormat) {
  return (_req: IncomingMessage, res: ServerResponse, err?: Error): 'debug' | 'info' | 'warn' | 'error' => {
    if (err || res.statusCode >= 500) return 'error';
    if (res.statusCode >= 400) return 'warn';
    return format === 'pretty' ? 'debug' : 'info';
  };
}
