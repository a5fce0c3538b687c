import type { BrowserSession } from '@team-access/contract';

/** What GET/POST /api/session answers for a signed-in owner. */
export const testSession: BrowserSession = {
  user: {
    id: '6f1c1f0e-8f43-4c36-9a39-0c3b7a0c2f11',
    email: 'owner@example.com',
    firstName: 'Olive',
    lastName: 'Owner',
    phone: null,
    status: 'active',
    role: 'OWNER',
    permissions: {},
    effectivePermissions: [],
    permissionSources: {},
    groups: [],
    mfa: false,
    lastLoginAt: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    updatedAt: '2026-11-23T10:00:00.000Z',
    version: 1,
  },
  expiresAt: '2026-11-23T22:00:00.000Z',
};

/** A JSON answer, as fetch() would resolve it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
