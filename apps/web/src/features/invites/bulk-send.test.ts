import type { BulkInvitationResult, CreateInvitation } from '@team-access/contract';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/lib/api-client.ts';
import { rowReason, sendInChunks, summarize } from './bulk-send.ts';

const rows = Array.from({ length: 60 }, (_, i) => ({
  row: i + 2,
  email: `p${i}@x.test`,
  invite: { email: `p${i}@x.test` } as CreateInvitation,
}));

/** The server: every row sent, except addresses listed as already invited. */
function server(alreadyInvited: string[] = []) {
  return vi.fn(async (invites: CreateInvitation[], _key: string): Promise<BulkInvitationResult> => {
    const items = invites.map((invite, index) => {
      const skipped = alreadyInvited.includes(invite.email);
      return {
        index,
        email: invite.email,
        outcome: skipped ? ('skipped' as const) : ('sent' as const),
        code: skipped ? 'already_invited' : null,
        detail: null,
        errors: [],
        invitation: null,
      };
    });
    return { items, sent: items.filter((i) => i.outcome === 'sent').length, skipped: 0, failed: 0 };
  });
}

const problem = (status: number, code: string, detail: string) =>
  new ApiError({ type: 'about:blank', title: detail, status, code, detail });

describe('sendInChunks', () => {
  it('when 60 rows are sent, then they go in chunks of 25 with a key each, and progress follows', async () => {
    const send = server(['p30@x.test']);
    const progress: number[] = [];
    let key = 0;
    const { outcomes, cancelled } = await sendInChunks({
      rows,
      send,
      onProgress: (done) => progress.push(done),
      newKey: () => `key-${++key}`,
    });
    expect(send.mock.calls.map(([invites, k]) => [invites.length, k])).toEqual([
      [25, 'key-1'],
      [25, 'key-2'],
      [10, 'key-3'],
    ]);
    expect(progress).toEqual([25, 50, 60]);
    expect(cancelled).toBe(false);
    expect(summarize(outcomes)).toEqual({ sent: 59, skipped: 1, failed: 0, notSent: 0 });
    expect(outcomes.find((o) => o.email === 'p30@x.test')).toEqual({
      row: 32,
      email: 'p30@x.test',
      outcome: 'skipped',
      reason: 'This person already has a pending invitation.',
    });
  });

  it('when Cancel is pressed during a chunk, then that chunk finishes and the rest are not sent', async () => {
    let cancel = false;
    const send = server();
    send.mockImplementationOnce(async (invites) => {
      cancel = true;
      return server()(invites, '');
    });
    const { outcomes, cancelled } = await sendInChunks({ rows, send, cancelled: () => cancel });
    expect(send).toHaveBeenCalledTimes(1);
    expect(cancelled).toBe(true);
    expect(summarize(outcomes)).toEqual({ sent: 25, skipped: 0, failed: 0, notSent: 35 });
    expect(outcomes.at(-1)?.reason).toBe('Not sent: the sending was cancelled');
  });

  it('when a request gets no answer, then it is retried once with the same key', async () => {
    const send = server();
    send.mockRejectedValueOnce(problem(0, 'network_error', 'Could not reach the server.'));
    const { outcomes } = await sendInChunks({ rows: rows.slice(0, 3), send, newKey: () => 'the-key' });
    expect(send.mock.calls.map(([, key]) => key)).toEqual(['the-key', 'the-key']);
    expect(summarize(outcomes).sent).toBe(3);
  });

  it('when a chunk is rate limited, then its rows fail with the reason and the rest are not sent', async () => {
    const send = server();
    send.mockResolvedValueOnce(
      await server()(
        rows.slice(0, 25).map((r) => r.invite),
        '',
      ),
    );
    send.mockRejectedValueOnce(problem(429, 'rate_limited', 'You sent 500 invitations in the last hour.'));
    const { outcomes } = await sendInChunks({ rows, send });
    expect(send).toHaveBeenCalledTimes(2);
    expect(summarize(outcomes)).toEqual({ sent: 25, skipped: 0, failed: 25, notSent: 10 });
    expect(outcomes[25]?.reason).toBe('You sent 500 invitations in the last hour.');
    expect(outcomes[59]?.reason).toBe('Not sent: You sent 500 invitations in the last hour.');
  });

  it('when a chunk is refused for its content, then only its rows fail and the next chunks are sent', async () => {
    const send = server();
    send.mockRejectedValueOnce(problem(400, 'validation_failed', 'The request is not valid'));
    const { outcomes } = await sendInChunks({ rows, send });
    expect(send).toHaveBeenCalledTimes(3);
    expect(summarize(outcomes)).toEqual({ sent: 35, skipped: 0, failed: 25, notSent: 0 });
  });
});

describe('rowReason', () => {
  it('when a row failed with field errors, then the detail and each message are said once', () => {
    expect(
      rowReason({
        outcome: 'failed',
        code: 'validation_failed',
        detail: null,
        errors: [{ path: 'email', message: 'Enter a valid email address', code: 'invalid_format' }],
      }),
    ).toBe('The request is not valid. Enter a valid email address.');
    expect(
      rowReason({
        outcome: 'skipped',
        code: 'already_member',
        detail: 'ada@x.test already has an account.',
        errors: [{ path: 'email', message: 'Already a member', code: 'already_member' }],
      }),
    ).toBe('ada@x.test already has an account.');
    expect(rowReason({ outcome: 'skipped', code: 'already_invited', detail: null, errors: [] })).toBe(
      'This person already has a pending invitation.',
    );
  });
});
