// A tiny integrator's client, type-checked against the types openapi-typescript generates from the
// IAM API's document (scripts/openapi.mjs writes ./generated/iam.d.ts, then runs tsc here). If a
// named schema disappears or changes shape, this stops compiling.
import type { components, operations, paths } from './generated/iam.d.ts';

type User = components['schemas']['User'];
type UserPage = components['schemas']['UserPage'];
type Problem = components['schemas']['Problem'];
type CreateUserRequest = components['schemas']['CreateUserRequest'];
type Role = components['schemas']['Role'];
type Organization = components['schemas']['Organization'];
type Membership = components['schemas']['Membership'];
type Invitation = components['schemas']['Invitation'];
type PermissionCatalogEntry = components['schemas']['PermissionCatalogEntry'];

type ListUsers = paths['/v2/client/multi-user']['get'];
type NotFound = operations['getUser']['responses'][404]['content']['application/problem+json'];

export interface IamClient {
  listUsers(query: ListUsers['parameters']['query']): Promise<UserPage>;
  createUser(body: CreateUserRequest, idempotencyKey?: string): Promise<User | Problem>;
}

export function client(baseUrl: string, apiKey: string, apiSecret: string): IamClient {
  const authorization = `Basic ${btoa(`${apiKey}:${apiSecret}`)}`;
  return {
    async listUsers(query) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
      const res = await fetch(`${baseUrl}/v2/client/multi-user?${search}`, { headers: { authorization } });
      return (await res.json()) as UserPage;
    },
    async createUser(body, idempotencyKey) {
      const res = await fetch(`${baseUrl}/v2/client/multi-user`, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': 'application/json',
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
      });
      return (await res.json()) as User | Problem;
    },
  };
}

export function describeUser(user: User): string {
  const name = [user.firstName, user.lastName].filter((part): part is string => part !== null).join(' ');
  const level: 'OWNER' | 'ADMIN' | 'MEMBER' = user.role;
  return `${name || user.email} (${level}, version ${user.version}, verified: ${user.emailVerified})`;
}

export function describeProblem(problem: Problem | NotFound): string {
  const fields = (problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
  return `${problem.status} ${problem.code}: ${problem.title}${fields ? ` (${fields})` : ''}`;
}

export const example: CreateUserRequest = { email: 'new.person@example.com', password: 'a long enough password' };
export type Named = [Role, Organization, Membership, Invitation, PermissionCatalogEntry];
