import {
  ACTOR_TOKEN_HEADER,
  CLIENT_IP_HEADER,
  CLIENT_USER_AGENT_HEADER,
  type Problem,
  problemSchema,
  REQUEST_ID_HEADER,
} from '@team-access/contract';
import type { Request } from 'express';
import type { z } from 'zod';
import { BffError } from './errors.ts';

export interface ClientContext {
  ip: string | undefined;
  userAgent: string | undefined;
}

/** The browser behind a request, as the IAM API should record it (the real one behind a trusted proxy). */
export function clientOf(req: Request): ClientContext {
  return { ip: req.ip, userAgent: req.headers['user-agent'] };
}

/** What the browser is told when the IAM API refuses the BFF's own client credentials. */
export const CLIENT_AUTH_REFUSED =
  'Team Access cannot use its IAM service: the service refused this server’s credentials. An administrator must check API_KEY and API_SECRET.';

export class UpstreamProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
    this.name = 'UpstreamProblem';
  }
}

/** The BFF's own calls to the IAM API (sign-in, me, sign-out), with client credentials and a timeout. */
export class IamClient {
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    credentials: { apiKey: string; apiSecret: string },
    private readonly timeoutMs: number,
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
  }

  get basicAuthorization(): string {
    return this.authorization;
  }

  async call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    options: {
      schema: S | null;
      body?: unknown;
      actorToken?: string;
      requestId: string;
      /** The browser behind this call, recorded by the IAM API on sessions and audit events. */
      client?: ClientContext;
    },
  ): Promise<z.output<S> | undefined> {
    const headers: Record<string, string> = {
      authorization: this.authorization,
      accept: 'application/json',
      [REQUEST_ID_HEADER]: options.requestId,
    };
    if (options.actorToken) headers[ACTOR_TOKEN_HEADER] = options.actorToken;
    if (options.client?.ip) headers[CLIENT_IP_HEADER] = options.client.ip;
    if (options.client?.userAgent) headers[CLIENT_USER_AGENT_HEADER] = options.client.userAgent;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/v2/client${path}`, {
        method,
        headers,
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new BffError(504, 'upstream_timeout', 'The IAM service did not answer in time. Try again.');
      }
      throw new BffError(503, 'upstream_unavailable', 'The IAM service cannot be reached. Try again shortly.');
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      // The deadline ran out (or the connection broke) while the answer was arriving.
      throw new BffError(504, 'upstream_timeout', 'The IAM service did not answer in time. Try again.');
    }
    if (!response.ok) {
      const parsed = problemSchema.safeParse(safeJson(text));
      // The IAM API refused the BFF's own credentials: a misconfiguration, not the person's fault
      // (and not a reason to end their session or to show them how client auth works).
      if (parsed.success && parsed.data.code === 'client_auth_required') {
        throw new BffError(503, 'upstream_unavailable', CLIENT_AUTH_REFUSED);
      }
      if (parsed.success && response.status < 500) throw new UpstreamProblem(parsed.data);
      throw new BffError(
        response.status === 504 ? 504 : 503,
        'upstream_unavailable',
        'The IAM service failed. Try again shortly.',
      );
    }
    if (!options.schema || response.status === 204) return undefined;
    return options.schema.parse(safeJson(text));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
