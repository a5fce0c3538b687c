import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/lib/csv.ts';
import { IMPORT_TEMPLATE, readImportCsv, readOnlySentence } from './import-file.ts';

describe('readImportCsv', () => {
  it('when a file is an export (BOM, quoted cells, read-only columns), then the import columns are read and the rest named as left alone', () => {
    const exported =
      '\uFEFF"email","firstName","lastName","phone","role","status","roles","organizations","permission:journey","permission:billing","twoStep","lastLoginAt","createdAt"\r\n' +
      '"ana@x.test","Ana","Brien, ""Jr""","\'+44 20 7946 0000","ADMIN","active","Editors; Billing","Acme (ORG_ADMIN)","direct","","false","","2026-11-01T00:00:00.000Z"\r\n';
    const reading = readImportCsv(exported);
    expect(reading).toEqual({
      ok: true,
      records: [
        {
          row: 2,
          email: 'ana@x.test',
          cells: {
            email: 'ana@x.test',
            firstName: 'Ana',
            lastName: 'Brien, "Jr"',
            phone: "'+44 20 7946 0000",
            role: 'ADMIN',
            status: 'active',
            roles: 'Editors; Billing',
            organizations: 'Acme (ORG_ADMIN)',
          },
        },
      ],
      readOnlyColumns: ['permission:journey', 'permission:billing', 'twoStep', 'lastLoginAt', 'createdAt'],
    });
    expect(readOnlySentence(reading.ok ? reading.readOnlyColumns : [])).toBe(
      'twoStep, lastLoginAt, createdAt and 2 permission columns',
    );
  });

  it('when a header names a column an import does not read, then the file is refused naming it', () => {
    expect(readImportCsv('email,fistName\nana@x.test,Ana\n')).toEqual({
      ok: false,
      problem: expect.stringContaining('an import does not read: "fistName"'),
    });
    expect(readImportCsv('name\nAna\n')).toEqual({ ok: false, problem: expect.stringContaining('at least "email"') });
    expect(readImportCsv('email\n\n')).toEqual({ ok: false, problem: 'The file has a header row but no members.' });
  });

  it('when the template is downloaded, then it has the columns an export writes that an import reads, and reads back', () => {
    const [header] = parseCsv(IMPORT_TEMPLATE);
    expect(header).toEqual(['email', 'firstName', 'lastName', 'phone', 'role', 'status', 'roles', 'organizations']);
    const reading = readImportCsv(IMPORT_TEMPLATE);
    expect(reading.ok && reading.records[0]?.cells.organizations).toBe('Acme (ORG_MEMBER)');
  });
});
