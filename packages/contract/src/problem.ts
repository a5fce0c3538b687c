import { z } from 'zod';

/** One bad field, named by its path in the request (`body.email`, `query.limit`, `header.if-match`). */
export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** RFC 9457 problem details, with a machine `code` and the request id to quote to support. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(fieldErrorSchema).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The machine codes every process may answer with, and their human titles. */
export const problemTitles = {
  validation_failed: 'The request is not valid',
  malformed_json: 'The request body is not valid JSON',
  unsupported_media_type: 'The request body must be JSON',
  payload_too_large: 'The request body is too large',
  length_required: 'The request body must state its length',
  client_auth_required: 'Client credentials are missing or wrong',
  invalid_credentials: 'The email or password is wrong',
  invalid_code: 'The code is wrong or has expired',
  unauthenticated: 'You are not signed in',
  forbidden: 'You may not do this',
  insufficient_scope: 'The API key does not have the scope this needs',
  csrf_rejected: 'The request was refused as a possible cross-site request',
  misdirected_request: 'This server does not answer for this host',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'The request conflicts with the current state',
  precondition_failed: 'The resource changed since you loaded it',
  precondition_required: 'Send If-Match with the version you loaded',
  last_owner: 'The last active owner must stay an active owner',
  last_org_owner: 'The organization must keep at least one ORG_OWNER',
  role_in_use: 'Users hold this role',
  idempotency_key_reused: 'The Idempotency-Key was used for a different request',
  rate_limited: 'Too many requests',
  link_invalid: 'This link is not valid',
  link_expired: 'This link has expired',
  link_used: 'This link has already been used',
  link_revoked: 'This link was withdrawn',
  already_member: 'This person is already a member',
  already_invited: 'This person already has a pending invitation',
  invitation_not_pending: 'This invitation is no longer pending',
  not_revertible: 'This event cannot be reverted',
  job_not_undoable: 'This job cannot be undone',
  revert_conflict: 'The target changed since you looked at it',
  password_change_required: 'Choose a new password first',
  two_step_setup_required: 'Set up two-step sign-in first',
  two_step_required: 'Two-step sign-in is required for this account',
  passkey_sign_in_off: 'This account does not allow signing in with a passkey alone',
  already_verified: 'This email address is verified already',
  request_timeout: 'The request body did not arrive in time',
  overloaded: 'The server is busy',
  upstream_unavailable: 'The IAM service is unavailable',
  upstream_timeout: 'The IAM service did not answer in time',
  internal_error: 'Something went wrong on our side',
} as const;
export type ProblemCode = keyof typeof problemTitles;

export function problemType(code: ProblemCode): string {
  return `urn:team-access:problem:${code}`;
}

export function makeProblem(
  status: number,
  code: ProblemCode,
  detail?: string,
  extra?: { errors?: FieldError[]; requestId?: string },
): Problem {
  return {
    type: problemType(code),
    title: problemTitles[code],
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    ...(extra?.errors?.length ? { errors: extra.errors } : {}),
    ...(extra?.requestId ? { requestId: extra.requestId } : {}),
  };
}

/** Turns a zod error into field errors whose paths start with where the value came from. */
export function fieldErrorsFromZod(error: z.ZodError, source: 'body' | 'query' | 'params' | 'header'): FieldError[] {
  return error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key) => ({
      path: [source, ...issue.path.map(String), ...(key === undefined ? [] : [key])].join('.'),
      message: issue.code === 'unrecognized_keys' ? `Unknown field "${key}"` : issue.message,
      code: issue.code,
    }));
  });
}
