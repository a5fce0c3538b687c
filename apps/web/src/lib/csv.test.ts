import { describe, expect, it } from 'vitest';
import { CsvError, detectDelimiter, parseCsv, toCsv } from './csv.ts';

describe('parseCsv', () => {
  it('when fields are plain, then records split on commas and line breaks (CRLF or LF)', () => {
    expect(parseCsv('email,role\r\nada@x.test,ADMIN\nbob@x.test,MEMBER')).toEqual([
      ['email', 'role'],
      ['ada@x.test', 'ADMIN'],
      ['bob@x.test', 'MEMBER'],
    ]);
  });

  it('when a field is quoted, then it may hold commas, line breaks and doubled quotes', () => {
    expect(parseCsv('email,roles\n"ada@x.test","Sales, EMEA|""Ops""\nteam"\n')).toEqual([
      ['email', 'roles'],
      ['ada@x.test', 'Sales, EMEA|"Ops"\nteam'],
    ]);
  });

  it('when fields are empty or quoted empty, then they are empty strings', () => {
    expect(parseCsv('a,,"",d\n')).toEqual([['a', '', '', 'd']]);
  });

  it('when the file ends with a line break, then no empty record follows; a blank line inside is a record of its own', () => {
    expect(parseCsv('email\nada@x.test\n\nbob@x.test\n')).toEqual([['email'], ['ada@x.test'], [''], ['bob@x.test']]);
  });

  it('when the file starts with a byte-order mark, then the first header is read without it', () => {
    expect(parseCsv('\uFEFFemail\nada@x.test')[0]).toEqual(['email']);
  });

  it('when a quote never closes, then it fails naming the line where the quote started', () => {
    const parse = () => parseCsv('email,role\nada@x.test,ADMIN\n"bob@x.test,MEMBER\ncy@x.test,MEMBER');
    expect(parse).toThrow(CsvError);
    expect(parse).toThrow(/line 3/);
  });

  it('when text follows a closing quote, then it fails naming the line of the malformed quote', () => {
    const parse = () => parseCsv('email,role\n"ada"@x.test,b');
    expect(parse).toThrow(CsvError);
    expect(parse).toThrow(/line 2/);
  });

  it('when one file mixes CRLF, LF and CR line breaks, then each one ends a record', () => {
    expect(parseCsv('email\r\nada@x.test\nbob@x.test\rcy@x.test\r\n')).toEqual([
      ['email'],
      ['ada@x.test'],
      ['bob@x.test'],
      ['cy@x.test'],
    ]);
  });

  it('when rows are separated by tabs (a spreadsheet saved as tab-delimited text), then rows split on tabs', () => {
    expect(parseCsv('email\troles\nada@x.test\tSales, EMEA\n')).toEqual([
      ['email', 'roles'],
      ['ada@x.test', 'Sales, EMEA'],
    ]);
  });

  it('when the header is separated by semicolons (a spreadsheet in some locales), then rows split on semicolons', () => {
    const text = 'email;roles\nada@x.test;"Sales; EMEA"\n';
    expect(detectDelimiter(text)).toBe(';');
    expect(parseCsv(text)).toEqual([
      ['email', 'roles'],
      ['ada@x.test', 'Sales; EMEA'],
    ]);
  });

  it('when the text is empty, then there are no records', () => {
    expect(parseCsv('')).toEqual([]);
  });
});

describe('toCsv', () => {
  it('when fields hold separators or quotes, then they are quoted and read back the same', () => {
    const records = [
      ['row', 'email', 'reason'],
      ['3', 'ada@x.test', 'Role "Sales, EMEA" grants billing'],
      ['4', 'bob@', 'Line one\nline two'],
    ];
    const text = toCsv(records);
    expect(text).toBe(
      'row,email,reason\r\n3,ada@x.test,"Role ""Sales, EMEA"" grants billing"\r\n4,bob@,"Line one\nline two"\r\n',
    );
    expect(parseCsv(text)).toEqual(records);
  });

  it('when a field starts like a formula, then it is prefixed so a spreadsheet does not run it', () => {
    expect(toCsv([['=HYPERLINK("x")', '+1', '-2', '@a', 'ok']])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@a,ok\r\n`);
  });
});
