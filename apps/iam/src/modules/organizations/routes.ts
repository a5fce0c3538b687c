import { etagOf, type Organization, routes } from '@team-access/contract';
import type { Router } from 'express';
import type { Db } from '../../db/client.ts';
import { mountRoute } from '../../http/route.ts';
import { callerOf } from '../../kernel/context.ts';
import {
  addMember,
  createOrganization,
  deleteOrganization,
  getOrganization,
  listMembers,
  listOrganizations,
  listUserOrganizations,
  removeMember,
  updateMember,
  updateOrganization,
} from './service.ts';

const organizationHeaders = (organization: Organization) => ({
  ETag: etagOf(organization.version),
  'Cache-Control': 'no-store',
});
const NO_STORE = { 'Cache-Control': 'no-store' };

export function mountOrganizationRoutes(router: Router, db: Db): void {
  mountRoute(router, db, routes.listOrganizations, async ({ query }, ctx) => ({
    status: 200,
    body: await listOrganizations(db, callerOf(ctx), query),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.createOrganization, async ({ body }, ctx) => {
    const organization = await createOrganization(db, callerOf(ctx), body);
    return {
      status: 201,
      body: organization,
      headers: { ...organizationHeaders(organization), Location: `/v2/client/organizations/${organization.id}` },
    };
  });

  mountRoute(router, db, routes.getOrganization, async ({ params }, ctx) => {
    const organization = await getOrganization(db, callerOf(ctx), params.organizationId);
    return { status: 200, body: organization, headers: organizationHeaders(organization) };
  });

  mountRoute(router, db, routes.updateOrganization, async ({ params, body, headers }, ctx) => {
    const organization = await updateOrganization(db, callerOf(ctx), params.organizationId, body, headers['if-match']);
    return { status: 200, body: organization, headers: organizationHeaders(organization) };
  });

  mountRoute(router, db, routes.deleteOrganization, async ({ params, headers }, ctx) => {
    await deleteOrganization(db, callerOf(ctx), params.organizationId, headers['if-match']);
    return { status: 204 };
  });

  mountRoute(router, db, routes.listOrganizationMembers, async ({ params, query }, ctx) => ({
    status: 200,
    body: await listMembers(db, callerOf(ctx), params.organizationId, query),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.addOrganizationMember, async ({ params, body }, ctx) => ({
    status: 201,
    body: await addMember(db, callerOf(ctx), params.organizationId, body),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.updateOrganizationMember, async ({ params, body }, ctx) => ({
    status: 200,
    body: await updateMember(db, callerOf(ctx), params.organizationId, params.userId, body.orgRole),
    headers: NO_STORE,
  }));

  mountRoute(router, db, routes.removeOrganizationMember, async ({ params }, ctx) => {
    await removeMember(db, callerOf(ctx), params.organizationId, params.userId);
    return { status: 204 };
  });

  mountRoute(router, db, routes.listUserOrganizations, async ({ params }, ctx) => ({
    status: 200,
    body: await listUserOrganizations(db, callerOf(ctx), params.userId),
    headers: NO_STORE,
  }));
}
