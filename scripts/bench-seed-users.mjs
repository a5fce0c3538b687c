// The 1M-member tenant of `pnpm bench:users`, shared with `pnpm bench:overview` (which reuses
// its database through BENCH_DATABASE_NAME): `count` users in the tenant of `apiKey`, 20 roles of 3
// permissions (every 4th user holding two), 100 organizations of ~1,000 members.
async function seedUsers(db, COUNT, apiKey) {
  process.stdout.write(`Inserting ${COUNT.toLocaleString('en')} users… `);
  await db.query(
    `insert into users (id, tenant_id, email, first_name, last_name, role, status, permissions, created_at, last_login_at)
   select gen_random_uuid(), t.id,
          'user' || g || '.' || substr(md5(g::text), 1, 6) || '@example.com',
          (array['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Linus','Margaret','Ken'])[1 + g % 10],
          'Surname' || (g % 50000),
          case when g % 20 = 0 then 'ADMIN' else 'MEMBER' end,
          case when g % 11 = 0 then 'inactive' else 'active' end,
          '{"ignite": true}'::jsonb,
          now() - (g || ' seconds')::interval,
          case when g % 3 = 0 then null else now() - ((g * 7) % 1000000 || ' seconds')::interval end
     from tenants t, generate_series(1, $1) as g
    where t.api_key = $2`,
    [COUNT, apiKey],
  );
  // Roles and organizations as a big tenant has them: 20 roles of 3 permissions, every 4th user
  // holding two of them (so pages carry permission sources), and 100 organizations of ~1,000.
  await db.query(
    `insert into roles (id, tenant_id, name, permissions)
   select gen_random_uuid(), t.id, 'Role ' || r,
          array[(array['ignite','journey','payments','billing','export'])[1 + r % 5], 'audienceSegment', 'Checkout']
     from tenants t, generate_series(1, 20) as r where t.api_key = $1`,
    [apiKey],
  );
  await db.query(
    `insert into user_roles (tenant_id, user_id, role_id)
   select u.tenant_id, u.id, r.id
     from (select id, tenant_id, row_number() over (order by id) as n from users) u
     join (select id, row_number() over (order by name) as k from roles) r
       on u.n % 4 = 0 and (r.k = 1 + u.n % 20 or r.k = 1 + (u.n + 7) % 20)`,
  );
  await db.query(
    `insert into organizations (id, tenant_id, name, slug)
   select gen_random_uuid(), t.id, 'Organization ' || o, 'organization-' || o
     from tenants t, generate_series(1, 100) as o where t.api_key = $1`,
    [apiKey],
  );
  await db.query(
    `insert into organization_members (tenant_id, organization_id, user_id, org_role)
   select u.tenant_id, o.id, u.id, case when u.n % 1000 = 0 then 'ORG_ADMIN' else 'ORG_MEMBER' end
     from (select id, tenant_id, row_number() over (order by id) as n from users) u
     join (select id, row_number() over (order by slug) as k from organizations) o
       on u.n % 10 = 0 and o.k = 1 + (u.n / 10) % 100`,
  );
}

/**
 * The tenant of `apiKey` with more than `count` users: reused when BENCH_DATABASE_NAME's database
 * has them already (`reused`), else seeded now.
 */
export async function ensureUsers(db, count, apiKey, reused) {
  const seeded =
    reused &&
    Number(
      (
        await db.query('select count(*) as n from users u join tenants t on t.id = u.tenant_id where t.api_key = $1', [
          apiKey,
        ])
      ).rows[0].n,
    ) > count;
  if (seeded) process.stdout.write(`Reusing the ${count.toLocaleString('en')} users of BENCH_DATABASE_NAME… `);
  else await seedUsers(db, count, apiKey);
}
