import { describe, expect, it } from 'vitest';
import { addAddresses, addressProblem, checkAddresses, endsWithSeparator, splitAddresses } from './addresses.ts';

describe('splitAddresses', () => {
  it('when addresses are separated by commas, semicolons, spaces and line breaks, then each is one piece', () => {
    expect(splitAddresses(' ada@x.test, bob@x.test;cy@x.test\n\tdi@x.test\r\n  ed@x.test ,, ')).toEqual([
      'ada@x.test',
      'bob@x.test',
      'cy@x.test',
      'di@x.test',
      'ed@x.test',
    ]);
  });

  it('when addresses are pasted from a mail program with names, then only the addresses are kept', () => {
    expect(splitAddresses('Ada Lovelace <ada@x.test>; "Hopper, Grace" <grace@x.test>, mailto:bob@x.test')).toEqual([
      'ada@x.test',
      'grace@x.test',
      'bob@x.test',
    ]);
  });

  it('when the text is blank, then there is nothing', () => {
    expect(splitAddresses(' ,;\n')).toEqual([]);
  });
});

describe('endsWithSeparator', () => {
  it('when the last character is a separator, then the address before it is complete', () => {
    expect(['ada@x.test,', 'ada@x.test ', 'ada@x.test;', 'ada@x.test\n'].map(endsWithSeparator)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(endsWithSeparator('ada@x.te')).toBe(false);
  });
});

describe('checking addresses', () => {
  it('when an address is not valid, then it is marked with the contract’s reason', () => {
    expect(checkAddresses(['ada@x.test', 'bob@', 'cy at x.test'])).toEqual([
      { address: 'ada@x.test', problem: undefined },
      { address: 'bob@', problem: 'Enter a valid email address' },
      { address: 'cy at x.test', problem: 'Enter a valid email address' },
    ]);
    expect(addressProblem(`${'a'.repeat(250)}@x.test`)).toBeDefined();
  });

  it('when an address is added twice in any letter case, then it is merged and counted', () => {
    expect(addAddresses(['Ada@x.test'], ['ada@X.test', 'bob@x.test', 'BOB@x.test'])).toEqual({
      addresses: ['Ada@x.test', 'bob@x.test'],
      merged: 2,
    });
  });
});
