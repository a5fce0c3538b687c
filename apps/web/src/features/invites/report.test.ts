import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/csv.ts';
import { reportCsv, reportFileName } from './report.ts';

describe('reportCsv', () => {
  it('when some rows were not sent, then the report lists only those, by row, with the reason', () => {
    const text = reportCsv([
      { row: 5, email: 'ed@x.test', outcome: 'skipped', reason: 'This person already has a pending invitation' },
      { row: 2, email: 'ada@x.test', outcome: 'sent', reason: '' },
      { row: 3, email: 'bob@', outcome: 'failed', reason: 'email: Enter a valid email address.' },
      { row: 9, email: 'zed@x.test', outcome: 'not_sent', reason: 'Not sent: the sending was cancelled' },
    ]);
    expect(parseCsv(text)).toEqual([
      ['row', 'email', 'outcome', 'reason'],
      ['3', 'bob@', 'Failed', 'email: Enter a valid email address.'],
      ['5', 'ed@x.test', 'Skipped', 'This person already has a pending invitation'],
      ['9', 'zed@x.test', 'Not sent', 'Not sent: the sending was cancelled'],
    ]);
  });

  it('when the file has a name, then the report is named after it', () => {
    expect(reportFileName('people.CSV')).toBe('people-report.csv');
    expect(reportFileName('.csv')).toBe('invitations-report.csv');
  });
});
