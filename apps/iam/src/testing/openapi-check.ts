import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildOpenApiDocument } from '@team-access/contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * The suite's proof that the OpenAPI document tells the truth: every answer of an IAM started by
 * `startTestIam` is checked against the document as it is sent. An answer whose status the
 * operation does not declare, or whose body or headers do not validate against the declared
 * schemas, is recorded; the Vitest setup file (openapi-setup.ts) fails the test that caused it.
 */

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  pattern: RegExp;
  pointer: string;
  op: { operationId: string; responses: Record<string, Json> };
}

const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation['op']>> };
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateFormats: true }));
ajv.addSchema(doc as Json, 'openapi');

const pointerSegment = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');

const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method,
    path,
    op,
    pointer: `#/paths/${pointerSegment(path)}/${method}`,
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
  })),
);

const validators = new Map<string, ReturnType<typeof ajv.compile>>();
function validator(pointer: string) {
  let v = validators.get(pointer);
  if (!v) {
    v = ajv.compile({ $ref: `openapi${pointer}` });
    validators.set(pointer, v);
  }
  return v;
}

const violations: string[] = [];

/** The violations recorded since the last call (and forgets them). */
export function takeOpenApiViolations(): string[] {
  return violations.splice(0, violations.length);
}

function describeErrors(v: ReturnType<typeof ajv.compile>): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
    .join('; ');
}

/** The problems of one answer against the document; none when it is described. */
export function checkAnswer(
  method: string,
  url: string,
  status: number,
  headers: Record<string, string | undefined>,
  body: string,
): string[] {
  const path = new URL(url, 'http://iam').pathname;
  const lookup = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
  const candidates = operations.filter((o) => o.pattern.test(path));
  // Literal paths before templated ones (`/invitations/bulk` before `/invitations/{id}`).
  const operation =
    candidates.find((o) => o.method === lookup && o.path === path) ?? candidates.find((o) => o.method === lookup);
  if (!operation) {
    if (candidates.length > 0 && method.toUpperCase() !== 'OPTIONS' && status !== 405) {
      return [`${method} ${path}: a known path with an undocumented method must answer 405, not ${status}`];
    }
    return [];
  }
  const where = `${operation.op.operationId} (${method} ${path}) answered ${status}`;
  const response = operation.op.responses[String(status)];
  if (!response) {
    return [`${where}, which the document does not declare for it: ${body.slice(0, 300)}`];
  }
  const problems: string[] = [];
  const documentedHeaders = (response.headers ?? {}) as Record<string, { required?: boolean; schema: Json }>;
  for (const [name, h] of Object.entries(documentedHeaders)) {
    const value = headers[name.toLowerCase()];
    if (value === undefined) {
      if (h.required) problems.push(`${where} without its required header ${name}`);
      continue;
    }
    const v = validator(`${operation.pointer}/responses/${status}/headers/${pointerSegment(name)}/schema`);
    if (!v(value)) problems.push(`${where} with header ${name}: ${describeErrors(v)}`);
  }
  const content = response.content as Record<string, unknown> | undefined;
  if (method.toUpperCase() === 'HEAD') return problems;
  if (!content) {
    if (body.length > 0) problems.push(`${where} with a body where the document declares none`);
    return problems;
  }
  const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if (!(contentType in content)) {
    problems.push(`${where} as ${contentType || 'no content type'}, not ${Object.keys(content).join(' or ')}`);
    return problems;
  }
  const v = validator(`${operation.pointer}/responses/${status}/content/${pointerSegment(contentType)}/schema`);
  const values: unknown[] = [];
  try {
    if (contentType === 'text/csv') return problems;
    if (contentType === 'application/x-ndjson') {
      for (const line of body.split('\n')) if (line.trim()) values.push(JSON.parse(line));
    } else {
      values.push(JSON.parse(body));
    }
  } catch {
    problems.push(`${where} with a body that is not ${contentType}: ${body.slice(0, 200)}`);
    return problems;
  }
  for (const value of values) {
    if (!v(value)) {
      const code = (value as { code?: unknown } | null)?.code;
      problems.push(
        `${where}${typeof code === 'string' ? ` (code ${code})` : ''} with a body the document does not describe: ${describeErrors(v)}`,
      );
      break;
    }
  }
  return problems;
}

/** Records every answer `res` sends to `req` that the document does not describe. */
export function watchAnswer(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  const toBuffer = (chunk: unknown, encoding?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, rest[0]));
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(toBuffer(chunk, rest[0]));
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(res.getHeaders())) {
      headers[name.toLowerCase()] = Array.isArray(value)
        ? value.join(', ')
        : value === undefined
          ? undefined
          : String(value);
    }
    // A stream cut short (the client left) is not an answer the document could describe.
    if (!res.destroyed) {
      violations.push(
        ...checkAnswer(
          req.method ?? 'GET',
          req.url ?? '/',
          res.statusCode,
          headers,
          Buffer.concat(chunks).toString('utf8'),
        ),
      );
    }
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
}
