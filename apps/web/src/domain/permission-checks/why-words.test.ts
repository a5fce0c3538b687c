import { describe, expect, it } from 'vitest';
import { whyWords } from './why-words.ts';

const names = { member: 'Ada Lovelace', permission: 'Checkout' };
const sales = { id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', name: 'Sales' };

describe('whyWords', () => {
  it('when a permission is granted directly and by a role, then each grant is a line with its role and event', () => {
    const words = whyWords(
      {
        allowed: true,
        reasons: [
          { type: 'direct', auditEventId: 'e1' },
          { type: 'role', role: sales, auditEventId: null },
        ],
      },
      names,
    );
    expect(words.verdict).toBe('Ada Lovelace may use Checkout.');
    expect(words.lines).toEqual([
      { text: 'Granted directly.', auditEventId: 'e1' },
      { text: 'Granted by the role Sales.', role: sales, auditEventId: null },
    ]);
  });

  it('when the account is deactivated, then the kept grants say they apply once it is active, and the refusal follows', () => {
    const words = whyWords(
      { allowed: false, reasons: [{ type: 'direct', auditEventId: null }, { type: 'deactivated' }] },
      names,
    );
    expect(words.verdict).toBe('Ada Lovelace may not use Checkout.');
    expect(words.lines.map((l) => l.text)).toEqual([
      'Granted directly (it applies once the account is active).',
      'The account is deactivated: it is refused everything while it is.',
    ]);
  });

  it('when nothing grants it, or it is an owner, or the key is unknown, then one line says so', () => {
    expect(whyWords({ allowed: false, reasons: [{ type: 'not_granted' }] }, names).lines[0]?.text).toMatch(
      /^Nothing grants it/,
    );
    expect(
      whyWords({ allowed: true, reasons: [{ type: 'access_level', accessLevel: 'OWNER' }] }, names).lines[0]?.text,
    ).toBe('An owner holds every permission by the access level.');
    expect(whyWords({ allowed: false, reasons: [{ type: 'unknown_permission' }] }, names).lines[0]?.text).toBe(
      'This permission is not in the catalog.',
    );
  });
});
