import type { Queryable } from '../../db/client.ts';

export interface TenantRow {
  id: string;
  name: string;
  api_key: string;
  api_secret_hash: Buffer | Uint8Array;
}

export const tenantRepository = {
  async findByApiKey(db: Queryable, apiKey: string): Promise<TenantRow | undefined> {
    const rows = await db.query<TenantRow>(
      'select id, name, api_key, api_secret_hash from tenants where api_key = $1',
      [apiKey],
    );
    return rows[0];
  },
  async insert(db: Queryable, tenant: { id: string; name: string; apiKey: string; apiSecretHash: Buffer }) {
    await db.query('insert into tenants (id, name, api_key, api_secret_hash) values ($1, $2, $3, $4)', [
      tenant.id,
      tenant.name,
      tenant.apiKey,
      tenant.apiSecretHash,
    ]);
  },
  async updateSecretHash(db: Queryable, id: string, apiSecretHash: Buffer) {
    await db.query('update tenants set api_secret_hash = $2 where id = $1', [id, apiSecretHash]);
  },
};
