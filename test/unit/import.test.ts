// `import` (SPEC 6.14), the pure core: reading CSV text, finding the columns by their headers in
// five languages, dates, phones, and what becomes of each row (created, updated, skipped,
// rejected) against a given list of dossiers and the rows before it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idFromName } from '../../src/book/write/new-dossier.js';
import { applyEditsToData } from '../../src/book/write/edit.js';
import {
  decodeCsv,
  detectDelimiter,
  freeId,
  importColumns,
  importDate,
  planImport,
  readCsv,
  samePhone,
  updateEdits,
  type Columns,
  type CsvTable,
  type ImportBook,
  type RowOutcome,
} from '../../src/core/import.js';
import type { Dossier, Member } from '../../src/core/model.js';

function table(text: string, delimiter?: string): CsvTable {
  const read = readCsv(text, delimiter);
  if ('problem' in read) throw new Error(read.problem);
  return read.table;
}

/** The header's columns by field, as header texts. */
function guessed(header: string[], maps: string[] = []): Record<string, string> {
  const found = importColumns(header, maps);
  if ('problem' in found) throw new Error(found.problem);
  return Object.fromEntries(Object.entries(found.columns).map(([field, i]) => [field, header[i]!]));
}

function problemOf(header: string[], maps: string[]): string {
  const found = importColumns(header, maps);
  if (!('problem' in found)) throw new Error(`no problem: ${JSON.stringify(found.columns)}`);
  return found.problem;
}

describe('columns are found by their headers', () => {
  it('in English', () => {
    expect(guessed(['Company', 'Contact person', 'Job title', 'Phone', 'E-mail', 'Next contact', 'Owner', 'Stage', 'Tags', 'Notes'])).toEqual({
      name: 'Company', contact: 'Contact person', role: 'Job title', phone: 'Phone', email: 'E-mail', next: 'Next contact', owner: 'Owner', stage: 'Stage', tags: 'Tags', notes: 'Notes',
    });
  });

  it('in Polish, whatever the case and accents', () => {
    expect(guessed(['NAZWA', 'osoba kontaktowa', 'Stanowisko', 'Telefon', 'e-mail', 'Nastepny kontakt', 'Opiekun', 'Etap', 'Tagi', 'Uwagi'])).toEqual({
      name: 'NAZWA', contact: 'osoba kontaktowa', role: 'Stanowisko', phone: 'Telefon', email: 'e-mail', next: 'Nastepny kontakt', owner: 'Opiekun', stage: 'Etap', tags: 'Tagi', notes: 'Uwagi',
    });
    expect(guessed(['Firma', 'Imię i nazwisko', 'Notatki'])).toEqual({ name: 'Firma', contact: 'Imię i nazwisko', notes: 'Notatki' });
  });

  it('in Latvian', () => {
    expect(guessed(['Uzņēmums', 'Kontaktpersona', 'Amats', 'Tālrunis', 'E-pasts', 'Nākamais kontakts', 'Atbildīgais', 'Posms', 'Birkas', 'Piezīmes'])).toEqual({
      name: 'Uzņēmums', contact: 'Kontaktpersona', role: 'Amats', phone: 'Tālrunis', email: 'E-pasts', next: 'Nākamais kontakts', owner: 'Atbildīgais', stage: 'Posms', tags: 'Birkas', notes: 'Piezīmes',
    });
    expect(guessed(['Nosaukums', 'Tālr.'])).toEqual({ name: 'Nosaukums', phone: 'Tālr.' });
  });

  it('in Bulgarian', () => {
    expect(guessed(['Фирма', 'Лице за контакт', 'Длъжност', 'Телефон', 'Имейл', 'Следващ контакт', 'Отговорник', 'Етап', 'Етикети', 'Бележки'])).toEqual({
      name: 'Фирма', contact: 'Лице за контакт', role: 'Длъжност', phone: 'Телефон', email: 'Имейл', next: 'Следващ контакт', owner: 'Отговорник', stage: 'Етап', tags: 'Етикети', notes: 'Бележки',
    });
  });

  it('in Russian', () => {
    expect(guessed(['Название', 'Контактное лицо', 'Должность', 'Телефон', 'Эл. почта', 'Следующий контакт', 'Ответственный', 'Этап', 'Теги', 'Примечания'])).toEqual({
      name: 'Название', contact: 'Контактное лицо', role: 'Должность', phone: 'Телефон', email: 'Эл. почта', next: 'Следующий контакт', owner: 'Ответственный', stage: 'Этап', tags: 'Теги', notes: 'Примечания',
    });
    expect(guessed(['Компания', 'ФИО', 'Заметки'])).toEqual({ name: 'Компания', contact: 'ФИО', notes: 'Заметки' });
  });

  it('takes "Name" for the contact person beside a company column, for the client alone', () => {
    expect(guessed(['Name', 'Company', 'Phone'])).toEqual({ name: 'Company', contact: 'Name', phone: 'Phone' });
    expect(guessed(['Name', 'Phone'])).toEqual({ name: 'Name', phone: 'Phone' });
  });

  it('leaves unknown headers alone', () => {
    expect(guessed(['Firma', 'NIP', 'Obroty 2025'])).toEqual({ name: 'Firma' });
  });
});

describe('--map', () => {
  const header = ['Klient', 'Tel. komórkowy', 'Miasto', 'Tagi'];

  it('names a column by its header (any case, accents optional) or its number from 1', () => {
    expect(guessed(header, ['phone=tel. KOMORKOWY', 'tags=3'])).toEqual({ name: 'Klient', phone: 'Tel. komórkowy', tags: 'Miasto' });
    expect(guessed(header, ['name=2'])).toEqual({ name: 'Tel. komórkowy', tags: 'Tagi' });
  });

  it('leaves a guessed column out with FIELD=', () => {
    expect(guessed(header, ['tags='])).toEqual({ name: 'Klient' });
  });

  it('refuses an unknown field, naming the known ones', () => {
    expect(problemOf(header, ['city=Miasto'])).toBe('--map city=Miasto: unknown field "city" (fields: name, contact, role, phone, email, next, owner, stage, tags, notes)');
  });

  it('refuses an unknown column, naming the columns', () => {
    expect(problemOf(header, ['phone=Telefon'])).toBe('--map phone=Telefon: the file has no column "Telefon" (columns: 1 "Klient", 2 "Tel. komórkowy", 3 "Miasto", 4 "Tagi")');
    expect(problemOf(header, ['phone=9'])).toMatch(/^--map phone=9: the file has no column 9 \(columns: 1 "Klient"/);
    expect(problemOf(header, ['phone'])).toMatch(/write FIELD=COLUMN/);
    expect(problemOf(['Tel', 'tel'], ['name=TEL'])).toMatch(/2 columns are called "TEL"; name the one by its number \(1 or 2\)/);
  });

  it('says when no column holds the name', () => {
    expect(problemOf(['Telefon', 'Miasto'], [])).toMatch(/^no column for the client's name .*--map name=COLUMN \(columns: 1 "Telefon", 2 "Miasto"\)$/);
  });
});

describe('reading CSV', () => {
  it('tells comma, semicolon and tab apart by the header line', () => {
    expect(detectDelimiter('name,phone,email\nA;B,1,2\n')).toBe(',');
    expect(detectDelimiter('Firma;Telefon;Uwagi\r\n"Kowalski, syn";1;2\r\n')).toBe(';');
    expect(detectDelimiter('"Firma, nazwa";Telefon\n')).toBe(';');
    expect(detectDelimiter('name\tphone\tnotes\n')).toBe('\t');
    expect(detectDelimiter('name\nAcme\n')).toBe(',');
  });

  it('reads BOM, CRLF, quoted cells with delimiters, quotes and line breaks', () => {
    const read = table('\ufeffname;notes\r\n"Acme; Inc.";"He said ""yes"""\r\nBeta;"two\r\nlines"\r\n');
    expect(read.delimiter).toBe(';');
    expect(read.header).toEqual(['name', 'notes']);
    expect(read.records.map((r) => r.cells)).toEqual([
      ['Acme; Inc.', 'He said "yes"'],
      ['Beta', 'two\r\nlines'],
    ]);
  });

  it("numbers each record by the line it starts on, with multi-line cells, CRLF in quotes and blank lines", () => {
    const lf = 'name,notes\nA,"one\ntwo\nthree"\n\nB,x\nC,"q\r\nr"\nD,y\n';
    expect(table(lf).records.map((r) => [r.cells[0], r.row])).toEqual([['A', 2], ['B', 6], ['C', 7], ['D', 9]]);
    const crlf = 'name,notes\r\nA,"one\r\ntwo"\r\n\r\nB,x\r\nC,"q\r\nr\r\ns"\r\nD,y';
    expect(table(crlf).records.map((r) => [r.cells[0], r.row])).toEqual([['A', 2], ['B', 5], ['C', 6], ['D', 9]]);
  });

  it('numbers records as an independent count of lines does, for any cells', () => {
    // Each record's start line counted here: 1 + the line breaks of the text before it.
    const cell = fc.stringMatching(/^[a-z ,;"\r\n]{0,12}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), cell), { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        let text = `name,notes${eol}`;
        const starts: number[] = [];
        for (const [name, notes] of rows) {
          starts.push(1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0));
          text += `${name},"${notes.replace(/"/g, '""')}"${eol}`;
        }
        const read = table(text, ',');
        expect(read.records.map((r) => r.row)).toEqual(starts);
        expect(read.records.map((r) => r.cells)).toEqual(rows.map(([name, notes]) => [name, notes]));
      }),
    );
  });

  it('drops rows whose cells are all blank', () => {
    expect(table('name;phone\n;\nAcme;1\n ; \n').records.map((r) => r.row)).toEqual([3]);
  });

  it('says where a file is not CSV', () => {
    const read = readCsv('name,notes\nA,"never closed\n', ',');
    expect(read).toEqual({ problem: expect.stringMatching(/^line \d+: cannot be read as CSV: /) });
  });

  it('refuses what is not UTF-8 text, and empty files', () => {
    expect(decodeCsv(Buffer.from('name\nŁódź\n', 'latin1'))).toEqual({ problem: expect.stringMatching(/^is not UTF-8 text/) });
    expect(decodeCsv(Buffer.from([0xff, 0xfe, 0x6e, 0x00]))).toEqual({ problem: expect.stringMatching(/^is UTF-16 text/) });
    expect(decodeCsv(Buffer.from('\ufeff \r\n'))).toEqual({ problem: 'is empty' });
    expect(decodeCsv(Buffer.from('name\nŁódź\n'))).toEqual({ text: 'name\nŁódź\n' });
  });
});

describe('dates and phones', () => {
  it('reads YYYY-MM-DD, DD.MM.YYYY and D.M.YYYY, and only real days', () => {
    expect(importDate('2026-11-24')).toBe('2026-11-24');
    expect(importDate(' 24.11.2026 ')).toBe('2026-11-24');
    expect(importDate('4.1.2027')).toBe('2027-01-04');
    expect(importDate('29.02.2028')).toBe('2028-02-29');
    for (const bad of ['31.02.2026', '2026-02-30', '11/24/2026', '24.11.26', '24.11', 'tomorrow', '2026-1-5']) expect(importDate(bad), bad).toBeUndefined();
  });

  it('compares phones by their digits, with or without a country code', () => {
    expect(samePhone('+48 600 100 200', '600-100-200')).toBe(true);
    expect(samePhone('+48 600 100 200', '0048600100200')).toBe(true);
    expect(samePhone('+371 2912 3456', '29123456')).toBe(true);
    expect(samePhone('+359 32 600 700', '032 600 700')).toBe(true);
    expect(samePhone('+48 600 100 200', '+49 600 100 200')).toBe(false);
    expect(samePhone('+48 600 100 200', '600 100 201')).toBe(false);
    expect(samePhone('123', '123')).toBe(false);
  });
});

describe('free ids', () => {
  it('suffixes a taken id, within 64 characters', () => {
    expect(freeId('acme', new Set())).toBe('acme');
    expect(freeId('acme', new Set(['acme', 'acme-2']))).toBe('acme-3');
    const long = `${'a'.repeat(30)}-${'b'.repeat(33)}`;
    expect(freeId(long, new Set([long]))).toBe(`${'a'.repeat(30)}-${'b'.repeat(31)}-2`);
  });
});

// ---------------------------------------------------------------------------------------------

function dossier(id: string, fields: Partial<Dossier> = {}): Dossier {
  return { id, file: `clients/${id}.yaml`, name: id, priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'lead', ...fields };
}

const team = new Map<string, Member>([
  ['alice', { key: 'alice', name: 'Alice Nowak', email: 'alice@example.com' }],
  ['bob', { key: 'bob', name: 'Bob Petrov', email: 'bob@example.com' }],
]);

const BOOK = [
  dossier('hurtownia-kowalski', { name: 'Hurtownia Kowalski Sp. z o.o.', contacts: [{ name: 'Jan Kowalski', phone: '+48 600 100 200', email: 'jan@kowalski.example' }] }),
  dossier('acme', { name: 'Zenith Trading' }),
];

function plan(csv: string, options: Partial<ImportBook> = {}, maps: string[] = []): RowOutcome[] {
  const read = table(csv);
  const found = importColumns(read.header, maps);
  if ('problem' in found) throw new Error(found.problem);
  return planImport(read, found.columns as Columns, {
    team,
    stages: ['lead', 'first-contact', 'negotiation', 'lost'],
    action: 'call',
    owner: 'alice',
    stage: 'lead',
    dossiers: BOOK,
    ids: BOOK.map((d) => d.id),
    idFromName,
    update: false,
    ...options,
  });
}

const brief = (outcomes: RowOutcome[]) =>
  outcomes.map((o) => (o.kind === 'create' ? `${o.row} create ${o.id}` : o.kind === 'update' ? `${o.row} update ${o.id}` : `${o.row} ${o.kind}: ${o.reason}`));

describe('what becomes of each row', () => {
  it('creates new dossiers as `add` would, with defaults for owner and stage', () => {
    const [created] = plan('Firma;Osoba;Telefon;Tagi;Następny kontakt;Uwagi\nDrewpol Meble Sp. z o.o.;Ewa Nowak;+48 601 000 111;"meble, lodz";24.11.2026;"Dzwonić\nrano"\n');
    expect(created).toEqual({
      kind: 'create',
      row: 2,
      id: 'drewpol-meble',
      data: {
        name: 'Drewpol Meble Sp. z o.o.',
        owner: 'alice',
        stage: 'lead',
        tags: ['meble', 'lodz'],
        contacts: [{ name: 'Ewa Nowak', phone: '+48 601 000 111' }],
        next: { date: '2026-11-24', action: 'call' },
        notes: 'Dzwonić\nrano',
      },
    });
  });

  it('puts a phone or e-mail without a person under a contact named after the client', () => {
    const [created] = plan('name,email\nAcme Widgets,info@acme.example\n');
    expect(created).toMatchObject({ kind: 'create', data: { contacts: [{ name: 'Acme Widgets', email: 'info@acme.example' }] } });
  });

  it("reads owners by key, name or e-mail, and stages in any case", () => {
    const outcomes = plan('name,owner,stage\nA One,bob,Negotiation\nB Two,Bob Petrov,first contact\nC Three,ALICE@example.com,LEAD\n');
    expect(outcomes.map((o) => (o.kind === 'create' ? [o.data.owner, o.data.stage] : o))).toEqual([
      ['bob', 'negotiation'],
      ['bob', 'first-contact'],
      ['alice', 'lead'],
    ]);
  });

  it('rejects a row without a name, and one with bad values, with every reason', () => {
    expect(brief(plan('name,email,next,owner,stage\n,a@b.example,,,\nX Corp,not-an-address,31.02.2026,carol,won\n'))).toEqual([
      '2 reject: no name (column 1 "name" is blank)',
      '3 reject: e-mail "not-an-address" is not an e-mail address; next "31.02.2026" is not a date (write 2026-11-24 or 24.11.2026); owner "carol" is not in the team (alice, bob); stage "won" is not one of the book\'s stages (lead, first-contact, negotiation, lost)',
    ]);
  });

  it('rejects control characters and cells beyond the header', () => {
    expect(brief(plan('name,phone\nBad\u0007Name,1\nA B,1,2,3\n'))).toEqual([
      '2 reject: name (column 1 "name") holds control characters',
      '3 reject: 4 cells where the header has 2 columns (a "," inside a cell that is not quoted?)',
    ]);
  });

  it('rejects a duplicate within the file with the row of the first: phone, e-mail or name', () => {
    const csv = [
      'name,phone,email',
      'Alpha Sp. z o.o.,+48 601 111 222,a@alpha.example',
      'Beta,601-111-222,',
      'Gamma,,A@ALPHA.example',
      'ALPHA,,',
      'Delta,,',
    ].join('\n');
    expect(brief(plan(csv))).toEqual([
      '2 create alpha',
      '3 reject: duplicate of row 2 (same phone 601-111-222)',
      '4 reject: duplicate of row 2 (same e-mail A@ALPHA.example)',
      '5 reject: duplicate of row 2 (same name)',
      '6 create delta',
    ]);
  });

  it('skips a client of the book, with the reason and the file', () => {
    const outcomes = plan('name,phone,email\nKowalski hurt,600100200,\nOther,,JAN@kowalski.example\nHurtownia Kowalski,,\n');
    expect(outcomes).toEqual([
      { kind: 'skip', row: 2, reason: 'already in the book (clients/hurtownia-kowalski.yaml: same phone 600100200)', id: 'hurtownia-kowalski', file: 'clients/hurtownia-kowalski.yaml' },
      { kind: 'skip', row: 3, reason: 'already in the book (clients/hurtownia-kowalski.yaml: same e-mail JAN@kowalski.example)', id: 'hurtownia-kowalski', file: 'clients/hurtownia-kowalski.yaml' },
      { kind: 'skip', row: 4, reason: 'already in the book (clients/hurtownia-kowalski.yaml: same name)', id: 'hurtownia-kowalski', file: 'clients/hurtownia-kowalski.yaml' },
    ]);
  });

  it('with update, plans an update of the one client a row matches', () => {
    const outcomes = plan('name,phone,stage\nKowalski hurt,+48 600 100 200,negotiation\n', { update: true });
    expect(outcomes).toEqual([{ kind: 'update', row: 2, id: 'hurtownia-kowalski', file: 'clients/hurtownia-kowalski.yaml', fields: { name: 'Kowalski hurt', phone: '+48 600 100 200', stage: 'negotiation' }, why: 'same phone +48 600 100 200', dossier: BOOK[0] }]);
  });

  it('skips a row that matches two clients, even with update', () => {
    const outcomes = plan('name,phone\nZenith Trading,600 100 200\n', { update: true });
    expect(brief(outcomes)).toEqual([
      '2 skip: matches 2 clients of the book (clients/hurtownia-kowalski.yaml: same phone 600 100 200; clients/acme.yaml: same name); not updated',
    ]);
  });

  it('gives a new client whose id is taken by another the next free id, in the book and in the file', () => {
    // clients/acme.yaml is Zenith Trading: Acme is another client
    expect(brief(plan('name\nAcme\nAcme 2\n'))).toEqual(['2 create acme-2', '3 create acme-2-2']);
  });

  it('rejects a row the check finds invalid, and a name no id can be made of', () => {
    expect(brief(plan('name\nGood One\n!!!\n', { check: (id) => (id === 'good-one' ? 'the dossier would not be valid: because' : undefined) }))).toEqual([
      '2 reject: the dossier would not be valid: because',
      '3 reject: cannot make a file name from the name "!!!"',
    ]);
  });

  it('judges 10,000 rows against 10,000 dossiers (by lookups: a pairwise comparison would run out the time)', () => {
    const dossiers = Array.from({ length: 10_000 }, (_, i) => dossier(`old-${i}`, { name: `Old ${i}`, contacts: [{ name: 'X', phone: `+48 500 ${String(i).padStart(6, '0')}`, email: `x${i}@old.example` }] }));
    const rows = Array.from({ length: 10_000 }, (_, i) => `New ${i},+48 700 ${String(i).padStart(6, '0')},n${i}@new.example`);
    const outcomes = plan(`name,phone,email\n${rows.join('\n')}\n`, { dossiers, ids: dossiers.map((d) => d.id) });
    expect(outcomes.filter((o) => o.kind === 'create')).toHaveLength(10_000);
  });
});

describe('updates', () => {
  const kowalski = BOOK[0]!;

  it('change only the fields the row has', () => {
    const { edits, changed } = updateEdits(kowalski, { name: 'Kowalski', stage: 'negotiation', next: '2026-12-01' }, 'call');
    expect(changed).toEqual(['next', 'stage']);
    expect(edits).toEqual([
      { op: 'set', path: ['stage'], value: 'negotiation' },
      { op: 'set', path: ['next'], value: { date: '2026-12-01', action: 'call' } },
    ]);
  });

  it('add tags and notes, and set only the date of an existing next', () => {
    const d = { ...kowalski, tags: ['wholesale'], notes: 'Prefers mornings.\n', next: { date: '2026-11-24', time: '10:30', action: 'visit' } };
    const { edits } = updateEdits(d, { name: 'x', tags: ['wholesale', 'warsaw'], notes: 'Pays late', next: '2026-11-30' }, 'call');
    expect(applyEditsToData({ tags: ['wholesale'], notes: d.notes, next: d.next }, edits)).toEqual({
      tags: ['wholesale', 'warsaw'],
      notes: 'Prefers mornings.\n\nPays late',
      next: { date: '2026-11-30', time: '10:30', action: 'visit' },
    });
    // notes already there, tags already there: nothing
    expect(updateEdits({ ...d, notes: 'Prefers mornings.\n\nPays late' }, { name: 'x', tags: ['warsaw', 'wholesale'].slice(1), notes: 'Pays late' }, 'call').edits).toEqual([]);
  });

  it("update the row's person (by name, else by phone or e-mail), or add them", () => {
    expect(updateEdits(kowalski, { name: 'x', phone: '600 100 200', role: 'Owner', email: 'jan.k@kowalski.example' }, 'call').edits).toEqual([
      { op: 'set', path: ['contacts', 0, 'role'], value: 'Owner' },
      { op: 'set', path: ['contacts', 0, 'email'], value: 'jan.k@kowalski.example' },
    ]);
    expect(updateEdits(kowalski, { name: 'x', contact: 'Anna Nowak', phone: '+48 601 999 999' }, 'call').edits).toEqual([
      { op: 'append', path: ['contacts'], value: { name: 'Anna Nowak', phone: '+48 601 999 999' } },
    ]);
    expect(updateEdits(kowalski, { name: 'x', contact: 'JAN KOWALSKI', email: 'jan@KOWALSKI.example' }, 'call').changed).toEqual([]);
    // (someone else with Jan's number is someone else: added, Jan is not renamed)
    expect(updateEdits(kowalski, { name: 'x', contact: 'Karol Nowak', phone: '600 100 200' }, 'call').edits).toEqual([
      { op: 'append', path: ['contacts'], value: { name: 'Karol Nowak', phone: '600 100 200' } },
    ]);
    expect(updateEdits(dossier('empty'), { name: 'Empty Ltd', phone: '600 100 200' }, 'call').edits).toEqual([
      { op: 'set', path: ['contacts'], value: [{ name: 'Empty Ltd', phone: '600 100 200' }] },
    ]);
  });
});

describe('ids from long names', () => {
  it('cut at a word end under 65 characters; a single long word cut at 64', () => {
    expect(idFromName('A'.repeat(73))).toBe('a'.repeat(64));
    const words = idFromName(`${'word '.repeat(20)}end`)!;
    expect(words.length).toBeLessThanOrEqual(64);
    expect(words.endsWith('word')).toBe(true);
  });
});
