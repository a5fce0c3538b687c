import type { Organization } from '@team-access/contract';

/** An organization with only its creator in it, as the dialogs' tests start from. */
export const acme: Organization = {
  id: '0b7e4f52-5a55-4c6e-9d3a-2f0f3c1c9a10',
  name: 'Acme News',
  slug: 'acme-news',
  description: null,
  memberCount: 1,
  ownerCount: 1,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  version: 1,
};
