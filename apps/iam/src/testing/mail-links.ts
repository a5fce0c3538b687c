import { expect } from 'vitest';
import type { Queryable } from '../db/client.ts';

/** The token of the newest invitation link mailed to this address (the fragment of its accept link). */
export async function invitationLinkToken(db: Queryable, address: string): Promise<string> {
  const [mail] = await db.query<{ text_body: string }>(
    'select text_body from mail_outbox where to_address = $1 order by created_at desc, id desc limit 1',
    [address],
  );
  const match = /\/invitations\/accept#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '');
  expect(match, mail?.text_body).not.toBeNull();
  return match?.[1] as string;
}
