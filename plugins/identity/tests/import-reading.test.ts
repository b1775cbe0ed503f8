import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMappingText } from '../imports/mapping.ts';
import { calendarDate, consentAnswer, countryCode, decimalText } from '../imports/normalize/values.ts';
import { openImportFile, type ImportRecord } from '../imports/read/import-records.ts';

// Reading import files: framing, encodings, broken lines, and reading again from a checkpoint.

const folder = await mkdtemp(join(tmpdir(), 'nexo-import-reading-'));
let files = 0;

async function fileOf(content: string | Buffer): Promise<string> {
  const path = join(folder, `file-${(files += 1)}`);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string, format: 'CSV' | 'NDJSON', mapping: Record<string, string>, from = { line: 0, byte: 0 }): Promise<ImportRecord[]> {
  const opened = await openImportFile(path, { format, mapping, delimiter: ',' });
  if (!opened.ok) throw new Error(opened.failure);
  const records: ImportRecord[] = [];
  for await (const record of opened.records(from)) records.push(record);
  return records;
}

describe('CSV reading', () => {
  it('reads a BOM, CRLF line ends, quoted commas, doubled quotes and line breaks inside quotes, with each row\'s line and end byte', async () => {
    const text = '\uFEFFname,email\r\n"García, Ana",ana@example.com\r\n"Say ""hi""",b@example.com\r\n"Two\r\nlines",c@example.com\r\n\r\nLast,d@example.com';
    const path = await fileOf(text);
    const records = await readAll(path, 'CSV', { name: 'name', email: 'email' });
    expect(records.map((record) => (record.kind === 'row' ? [record.line, record.lastLine, record.values.name, record.values.email] : record))).toEqual([
      [2, 2, 'García, Ana', 'ana@example.com'],
      [3, 3, 'Say "hi"', 'b@example.com'],
      [4, 5, 'Two\nlines', 'c@example.com'],
      [7, 7, 'Last', 'd@example.com'],
    ]);
    // Each end is the byte after the row's line feed (or the file's end), counted independently here.
    const bytes = Buffer.from(text);
    const endOfLine = (n: number) => {
      let at = -1;
      for (let line = 0; line < n; line += 1) at = bytes.indexOf(0x0a, at + 1);
      return at === -1 ? bytes.length : at + 1;
    };
    expect(records.map((record) => record.end)).toEqual([endOfLine(2), endOfLine(3), endOfLine(5), bytes.length]);
  });

  it('reads from a checkpoint exactly the rows after it', async () => {
    const lines = Array.from({ length: 50 }, (_, index) => `Person ${index},p${index}@example.com`);
    const path = await fileOf(`name,email\n${lines.join('\n')}\n`);
    const all = await readAll(path, 'CSV', { name: 'name', email: 'email' });
    const cut = all[19]!;
    const rest = await readAll(path, 'CSV', { name: 'name', email: 'email' }, { line: cut.lastLine, byte: cut.end });
    expect(rest).toEqual(all.slice(20));
    expect(rest[0]).toMatchObject({ line: 22, values: { name: 'Person 20' } });
  });

  it('refuses a stray quote as one line and reads the lines after it', async () => {
    const path = await fileOf('name,email\nAna,a@example.com\n"Broken,b@example.com\nLuis,l@example.com\nMarta,m@example.com\n');
    const records = await readAll(path, 'CSV', { name: 'name', email: 'email' });
    expect(records.map((record) => (record.kind === 'row' ? `${record.line}:${record.values.name}` : `${record.line}:refused`))).toEqual(['2:Ana', '3:refused', '4:Luis', '5:Marta']);
    expect(records[1]).toMatchObject({ kind: 'rejected', problem: expect.stringContaining('never closed'), content: '"Broken,b@example.com' });
  });

  it('refuses lines that are not UTF-8 (Latin-1 é) without decoding them into other characters, and rows of the wrong width', async () => {
    const latin1 = Buffer.concat([Buffer.from('name,email\nAna,a@example.com\nJos'), Buffer.from([0xe9]), Buffer.from(',j@example.com\nToo,many,fields\n')]);
    const records = await readAll(await fileOf(latin1), 'CSV', { name: 'name', email: 'email' });
    expect(records[0]).toMatchObject({ kind: 'row', line: 2 });
    expect(records[1]).toMatchObject({ kind: 'rejected', line: 3, problem: 'is not UTF-8 text (byte 0xE9 at column 4); save the file as UTF-8' });
    expect(records[2]).toMatchObject({ kind: 'rejected', line: 4, problem: 'has 3 fields where the header has 2' });
  });

  it('fails a file as a whole when it cannot be imported: empty, UTF-16, no header, a mapped column missing', async () => {
    const failure = async (content: string | Buffer, mapping: Record<string, string> = { name: 'name' }) => {
      const opened = await openImportFile(await fileOf(content), { format: 'CSV', mapping, delimiter: ',' });
      return opened.ok ? null : opened.failure;
    };
    expect(await failure('')).toBe('The file is empty');
    expect(await failure(Buffer.from('\uFEFFname', 'utf16le'))).toMatch(/UTF-16/);
    expect(await failure('\n\n')).toBe('The file has no header line (only blank lines)');
    expect(await failure('Nombre,Correo\nAna,a@example.com\n', { name: 'Nombre', email: 'Email' })).toBe('The file has no column "Email" (mapped to email); its columns are: "Nombre", "Correo"');
    expect(await failure('Nombre;Correo\n', { name: 'Nombre' })).toMatch(/set the delimiter option/);
  });
});

describe('NDJSON reading', () => {
  it('reads an object per line (keys reached with dots), refusing invalid JSON and what is not an object', async () => {
    const path = await fileOf('{"name":"Ana","address":{"city":"Madrid"},"age":41}\n{"name": "broken"\n[1,2]\n\n{"name":{"first":"x"}}\n{"name":"Luis"}');
    const records = await readAll(path, 'NDJSON', { name: 'name', city: 'address.city', birthDate: 'age' });
    expect(records.map((record) => (record.kind === 'row' ? [record.line, record.values] : [record.line, record.problem]))).toEqual([
      [1, { name: 'Ana', city: 'Madrid', birthDate: '41' }],
      [2, expect.stringMatching(/^is not valid JSON/)],
      [3, 'is not a JSON object'],
      [5, 'has an object or list under "name" (mapped to name), where one value is expected'],
      [6, { name: 'Luis', city: null, birthDate: null }],
    ]);
  });
});

describe('loose values', () => {
  it('reads countries by code and by name in several languages', () => {
    expect(['ES', 'es', 'España', 'espana', 'Spain', 'Portugal', 'Deutschland', 'UK', 'Atlantis', 'XX'].map(countryCode)).toEqual(['ES', 'ES', 'ES', 'ES', 'ES', 'PT', 'DE', 'GB', null, null]);
  });

  it('reads consents, dates in the file\'s order and decimals in either convention', () => {
    expect(['sí', 'Yes', 'opt-in', '0', 'Withdrawn', 'maybe'].map(consentAnswer)).toEqual(['GRANTED', 'GRANTED', 'GRANTED', 'WITHDRAWN', 'WITHDRAWN', null]);
    expect(calendarDate('03/04/1980', 'DMY')).toBe('1980-04-03');
    expect(calendarDate('03/04/1980', 'MDY')).toBe('1980-03-04');
    expect(calendarDate('1980-04-03', 'MDY')).toBe('1980-04-03');
    expect(calendarDate('31/02/1980', 'DMY')).toBeNull();
    expect(['49,90', '49.90', '1.234,50', '1,234.50', '12a'].map(decimalText)).toEqual(['49.90', '49.90', '1234.50', '1234.50', null]);
  });

  it('reads the command line\'s mapping, quoted columns included', () => {
    expect(parseMappingText('email=Correo, firstName=Nombre,phone="Teléfono, móvil"')).toEqual({ email: 'Correo', firstName: 'Nombre', phone: 'Teléfono, móvil' });
    expect(() => parseMappingText('email')).toThrow(/cannot read the mapping/);
  });
});
