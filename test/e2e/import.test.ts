// `tickler import` end to end (SPEC 6.14, 7): the built CLI on copies of the `edits` book, fed
// the spreadsheets of test/fixtures/import/ (see its README for what each row is about) and
// files made here. The dossiers written are read back with the `yaml` package; a dry run and a
// refused import leave the book's bytes as they were; --update changes only the row's fields and
// keeps comments, BOM and CRLF; a write that fails part-way says which rows were written.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, ROOT, copyBook, treeHash } from '../helpers.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');
const TODAY = '2026-11-23';
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  NO_COLOR: '1',
  TICKLER_NOW: '2026-11-23T09:15:00Z',
  TICKLER_USER: 'alice',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Tickler Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Tickler Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  TMPDIR: process.env.TMPDIR ?? tmpdir(),
};

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the `edits` book, removed after the file's tests. */
function book(): string {
  const dir = copyBook('edits');
  made.push(dir);
  return dir;
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-import-'));
  made.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** The built CLI, as a child process (so that the tests of this file run side by side). */
function tickler(dir: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--today', TODAY], { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

interface Summary {
  schemaVersion: number;
  file: string;
  dryRun: boolean;
  created: { row: number; client: string; file: string }[];
  updated: { row: number; client: string; file: string; fields: string[] }[];
  skipped: { row: number; reason: string; client?: string; file?: string }[];
  rejected: { row: number; reason: string }[];
  failure?: { message: string; rows: number[] };
}

async function importJson(dir: string, file: string, ...args: string[]): Promise<Run & { summary: Summary }> {
  const run = await tickler(dir, ['import', file, '--format', 'json', ...args]);
  let summary: Summary;
  try {
    summary = JSON.parse(run.out) as Summary;
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.out}\n${run.err}`);
  }
  return { ...run, summary };
}

/** A dossier's data as an independent YAML reader sees it. */
function dossier(dir: string, id: string): Record<string, any> {
  return parse(readFileSync(join(dir, 'clients', `${id}.yaml`), 'utf8').replace(/^\ufeff/, '')) as Record<string, any>;
}

async function expectValid(dir: string): Promise<void> {
  const run = await tickler(dir, ['validate']);
  expect(run.out + run.err).toMatch(/: 0 errors/);
  expect(run.code).toBe(0);
}

const brief = (s: Summary) => ({
  created: s.created.map((c) => `${c.row} ${c.file}`),
  updated: s.updated.map((u) => `${u.row} ${u.file}: ${u.fields.join(', ')}`),
  skipped: s.skipped.map((k) => `${k.row} ${k.reason}`),
  rejected: s.rejected.map((r) => `${r.row} ${r.reason}`),
});

function write(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

// (all at once, the big import too: most of the time is spent waiting on the processes and the disk)
describe.concurrent('tickler import', () => {
  describe.concurrent('a big file', () => {
    // (10,000 rows planned in full, without the writes; 2,000 of them written: the suite's time
    // goes to the files, which the bench times at 10,000)
    it('plans 10,000 rows, a few of them repeated or without a name, and writes 2,000', async () => {
      const dir = book();
      const rows = (count: number) => {
        const lines = ['Company;Contact;Phone;Email;Next;Owner;Tags'];
        for (let i = 1; i <= count; i++) {
          if (i % 1000 === 0) lines.push(`;Nobody ${i};;;;;`);
          else if (i % 500 === 0) lines.push(`Repeat of ${i - 1};;+48 700 ${String(i - 1).padStart(6, '0')};;;;`);
          else lines.push(`Client ${i} Sp. z o.o.;Person ${i};+48 700 ${String(i).padStart(6, '0')};p${i}@client${i}.example;${1 + (i % 28)}.12.2026;${i % 2 ? 'alice' : 'bob'};"bulk, t${i % 7}"`);
        }
        return write(scratch(), `big-${count}.csv`, `${lines.join('\r\n')}\r\n`);
      };
      const planned = await importJson(dir, rows(10_000), '--dry-run');
      const counts = (summary: Summary) => [summary.created.length, summary.updated.length, summary.skipped.length, summary.rejected.length];
      expect(counts(planned.summary)).toEqual([9_980, 0, 0, 20]);
      expect(planned.summary.rejected.filter((r) => r.reason.startsWith('duplicate of row')).length).toBe(10);
      expect(readdirSync(join(dir, 'clients')).length).toBe(13);
      expect(planned.code).toBe(1);
      const { code, summary } = await importJson(dir, rows(2_000));
      expect(counts(summary)).toEqual([1_996, 0, 0, 4]);
      expect(readdirSync(join(dir, 'clients')).length).toBe(13 + 1_996);
      expect(code).toBe(1);
    });
  });

  describe.concurrent('spreadsheets of five countries', () => {
    it('Polish: semicolons, BOM, CRLF, DD.MM.YYYY, a cell over two lines', async () => {
      const dir = book();
      const { code, summary, err } = await importJson(dir, join(FIXTURES, 'pl.csv'));
      expect(err).toBe('');
      expect(brief(summary)).toEqual({
        created: ['2 clients/drewpol-meble.yaml', '3 clients/hurtownia-kowalski.yaml', '9 clients/piekarnia-nowa.yaml'],
        updated: [],
        skipped: ['5 already in the book (clients/wisniewski-meat.yaml: same phone 501 222 333)'],
        rejected: [
          '6 no name (column 1 "Firma" is blank)',
          '7 duplicate of row 2 (same phone 0048 601 100 200)',
          '8 e-mail "adam@dab" is not an e-mail address; next "31.11.2026" is not a date (write 2026-11-24 or 24.11.2026); owner "carol" is not in the team (alice, bob)',
        ],
      });
      expect(summary.skipped[0]).toMatchObject({ client: 'wisniewski-meat', file: 'clients/wisniewski-meat.yaml' });
      expect(code).toBe(1);
      expect(dossier(dir, 'drewpol-meble')).toEqual({
        name: 'Drewpol Meble Sp. z o.o.',
        owner: 'alice',
        stage: 'lead',
        tags: ['meble', 'łódź'],
        contacts: [{ name: 'Ewa Nowak', role: 'Prezes', phone: '+48 601 100 200', email: 'ewa@drewpol.example' }],
        next: { date: '2026-11-24', action: 'call' },
        notes: 'Dzwonić rano; nie w piątki',
      });
      expect(dossier(dir, 'hurtownia-kowalski')).toMatchObject({ owner: 'bob', stage: 'negotiation', next: { date: '2026-12-01' }, notes: 'Chce 5% rabatu\nprzy 500 paletach' });
      expect(dossier(dir, 'piekarnia-nowa')).toEqual({ name: 'Piekarnia Nowa', owner: 'alice', stage: 'lead', next: { date: '2027-01-05', action: 'call' } });
      await expectValid(dir);
    });

    it('Latvian: commas, LF, quotes inside a quoted cell; an e-mail in capitals is the same', async () => {
      const dir = book();
      const { code, summary } = await importJson(dir, join(FIXTURES, 'lv.csv'));
      expect(brief(summary)).toEqual({
        created: ['2 clients/kurzemes-zivis.yaml', '4 clients/latgales-koks.yaml'],
        updated: [],
        skipped: ['3 already in the book (clients/rigas-piens.yaml: same e-mail LIGA.KALNINA@rigaspiens.example)'],
        rejected: [],
      });
      expect(code).toBe(0);
      expect(dossier(dir, 'kurzemes-zivis')).toMatchObject({ name: 'SIA Kurzemes Zivis', owner: 'bob', stage: 'first-contact', tags: ['zivis', 'liepāja'], contacts: [{ name: 'Jānis Bērziņš', role: 'Valdes priekšsēdētājs' }] });
      expect(dossier(dir, 'latgales-koks')).toMatchObject({ notes: 'Piezīme ar "pēdiņām"', contacts: [{ name: 'Inese Ozola', phone: '2911 0000' }] });
      await expectValid(dir);
    });

    it('Bulgarian: CRLF without BOM, tags split on ";", an unknown stage rejected', async () => {
      const dir = book();
      const { code, summary } = await importJson(dir, join(FIXTURES, 'bg.csv'));
      expect(brief(summary)).toEqual({
        created: ['2 clients/rodopa-mlechni-produkti.yaml'],
        updated: [],
        skipped: ['3 already in the book (clients/trakia-agro.yaml: same phone +359 42 610 200)'],
        rejected: ['4 stage "нов" is not one of the book\'s stages (lead, first-contact, negotiation, contract, fulfilment, retention, dormant, lost)'],
      });
      expect(code).toBe(1);
      expect(dossier(dir, 'rodopa-mlechni-produkti')).toMatchObject({ name: 'Родопа Млечни Продукти ЕООД', owner: 'bob', tags: ['млечни', 'смолян'], next: { date: '2026-11-25' }, notes: 'Говори само български' });
      await expectValid(dir);
    });

    it('Russian: semicolons, D.M.YYYY, no final line break; a repeated row and a client of the book', async () => {
      const dir = book();
      const { code, summary } = await importJson(dir, join(FIXTURES, 'ru.csv'));
      expect(brief(summary)).toEqual({
        created: ['2 clients/volga-logistik.yaml', '5 clients/sokolova.yaml'],
        updated: [],
        skipped: ['4 already in the book (clients/uralsky-metall.yaml: same name)'],
        rejected: ['3 duplicate of row 2 (same name)'],
      });
      expect(code).toBe(1);
      expect(dossier(dir, 'volga-logistik')).toMatchObject({ name: 'ООО «Волга Логистик»', next: { date: '2026-12-07' }, tags: ['логистика', 'самара'] });
      await expectValid(dir);
    });

    it('English: quoted cells with commas, doubled quotes and line breaks; a formula stays text', async () => {
      const dir = book();
      const { code, summary } = await importJson(dir, join(FIXTURES, 'en.csv'));
      expect(brief(summary)).toEqual({
        created: ['2 clients/acme.yaml', '5 clients/beta-widgets.yaml', '7 clients/delta-prime-co.yaml'],
        updated: [],
        skipped: [],
        rejected: ['6 next "12/01/2026" is not a date (write 2026-11-24 or 24.11.2026)'],
      });
      expect(code).toBe(1);
      expect(dossier(dir, 'acme')).toEqual({
        name: 'Acme, Inc.',
        owner: 'alice',
        stage: 'negotiation',
        tags: ['wholesale', 'export'],
        contacts: [{ name: "O'Brien, Pat", role: 'VP "Sales"', phone: '+1 555 010 2000', email: 'pat@acme.example' }],
        next: { date: '2026-12-01', action: 'call' },
        notes: 'Line one\nLine two, with a comma\n"Quoted" line three',
      });
      expect(dossier(dir, 'delta-prime-co')).toMatchObject({ name: 'Delta "Prime" Co', notes: '=HYPERLINK("http://x.example")' });
      await expectValid(dir);
    });
  });

  describe.concurrent('what import writes, and what it never does', () => {
    it('says in text what happened to each row not created', async () => {
      const dir = book();
      const run = await tickler(dir, ['import', join(FIXTURES, 'bg.csv'), '--owner', 'bob']);
      expect(run.out).toBe(
        [
          'columns: name ← 1 "Фирма", contact ← 2 "Лице за контакт", role ← 3 "Длъжност", phone ← 4 "Телефон", email ← 5 "Имейл", next ← 6 "Следващ контакт", owner ← 7 "Отговорник", stage ← 8 "Етап", tags ← 9 "Етикети", notes ← 10 "Бележки"',
          `${join(FIXTURES, 'bg.csv')}: 1 created, 0 updated, 1 skipped, 1 rejected`,
          '  row 3  skipped: already in the book (clients/trakia-agro.yaml: same phone +359 42 610 200)',
          '  row 4  rejected: stage "нов" is not one of the book\'s stages (lead, first-contact, negotiation, contract, fulfilment, retention, dormant, lost)',
          '',
        ].join('\n'),
      );
      expect(run.code).toBe(1);
    });

    it('reads another delimiter when told, and columns named by hand', async () => {
      const dir = book();
      const csv = write(scratch(), 'pipes.csv', 'Nr|Klient|Miasto|Tagi\n1|Hurtownia Zielona|Poznań|a, b\n');
      const { code, summary } = await importJson(dir, csv, '--delimiter', '|', '--map', 'name=2', '--map', 'tags=', '--map', 'notes=miasto');
      expect(brief(summary).created).toEqual(['2 clients/hurtownia-zielona.yaml']);
      expect(code).toBe(0);
      expect(dossier(dir, 'hurtownia-zielona')).toEqual({ name: 'Hurtownia Zielona', owner: 'alice', stage: 'lead', notes: 'Poznań' });
    });

    it('--dry-run writes nothing and says what the import would do', async () => {
      const dry = book();
      const before = treeHash(dry);
      const planned = await importJson(dry, join(FIXTURES, 'pl.csv'), '--dry-run');
      expect(treeHash(dry)).toBe(before);
      const real = await importJson(book(), join(FIXTURES, 'pl.csv'));
      expect(planned.summary).toEqual({ ...real.summary, dryRun: true });
      expect(planned.code).toBe(real.code);
    });

    it('never overwrites: importing a file twice skips every row the first import created', async () => {
      const dir = book();
      await importJson(dir, join(FIXTURES, 'lv.csv'));
      const before = treeHash(dir);
      const again = await importJson(dir, join(FIXTURES, 'lv.csv'));
      expect(again.summary.created).toEqual([]);
      expect(again.summary.skipped.map((s) => `${s.row} ${s.file}`)).toEqual(['2 clients/kurzemes-zivis.yaml', '3 clients/rigas-piens.yaml', '4 clients/latgales-koks.yaml']);
      expect(treeHash(dir)).toBe(before);
    });

    it('a row matching a client whose file has errors is skipped, with or without --update; no second dossier', async () => {
      const dir = book();
      write(join(dir, 'clients'), 'broken-co.yaml', 'name: Broken Co\nnxt: 2026-12-01\ncontacts:\n  - name: Ola\n    phone: "+48 799 000 000"\n');
      const csv = write(scratch(), 'broken.csv', 'Company,Phone\nBroken Company,+48 799 000 000\n');
      const before = treeHash(dir);
      for (const args of [[], ['--update']]) {
        const run = await importJson(dir, csv, ...args);
        expect(run.summary.created, args.join(' ')).toEqual([]);
        expect(run.summary.skipped.map((s) => s.reason)[0]).toMatch(/clients\/broken-co\.yaml: same phone .*; clients\/broken-co\.yaml has errors, so it is not updated/);
      }
      expect(treeHash(dir)).toBe(before);
    });

    it('--update changes only the fields the row has, keeping comments, BOM and CRLF', async () => {
      const dir = book();
      const csv = join(scratch(), 'update.csv');
      writeFileSync(
        csv,
        [
          'Firma;Osoba kontaktowa;Stanowisko;Telefon;E-mail;Następny kontakt;Etap;Tagi;Uwagi',
          // Wiśniewski by the phone of its first contact: next, tags, and a new person; the stage is blank
          'ZM Wiśniewski;Karol Nowak;Kierownik zakupów;+48 501 222 333;;1.12.2026;;"meat; cold-chain";',
          // Северный Ветер by Orlov's e-mail: his role, and a note
          'Severny Veter;;Финансовый директор;;D.ORLOV@sevveter.example;;;;Платит в срок',
        ].join('\r\n'),
      );
      const wisniewski = readFileSync(join(dir, 'clients', 'wisniewski-meat.yaml'), 'utf8');
      const veter = readFileSync(join(dir, 'clients', 'severny-veter.yaml'), 'utf8');
      const before = { w: dossier(dir, 'wisniewski-meat'), v: dossier(dir, 'severny-veter') };

      // Without --update, duplicates are skipped and nothing changes.
      const untouched = treeHash(dir);
      const skipped = await importJson(dir, csv);
      expect(brief(skipped.summary)).toEqual({
        created: [],
        updated: [],
        skipped: ['2 already in the book (clients/wisniewski-meat.yaml: same phone +48 501 222 333)', '3 already in the book (clients/severny-veter.yaml: same e-mail D.ORLOV@sevveter.example)'],
        rejected: [],
      });
      expect(skipped.code).toBe(0);
      expect(treeHash(dir)).toBe(untouched);

      const { summary, code } = await importJson(dir, csv, '--update');
      expect(brief(summary)).toEqual({
        created: [],
        updated: ['2 clients/wisniewski-meat.yaml: contact, next, tags', '3 clients/severny-veter.yaml: role, notes'],
        skipped: [],
        rejected: [],
      });
      expect(code).toBe(0);

      const w = dossier(dir, 'wisniewski-meat');
      expect(w).toEqual({
        ...before.w,
        contacts: [...before.w.contacts, { name: 'Karol Nowak', role: 'Kierownik zakupów', phone: '+48 501 222 333' }],
        next: { ...before.w.next, date: '2026-12-01' },
        tags: ['meat', 'cold-chain'],
      });
      const v = dossier(dir, 'severny-veter');
      const contacts = structuredClone(before.v.contacts);
      contacts[1].role = 'Финансовый директор';
      expect(v).toEqual({ ...before.v, contacts, notes: `${before.v.notes.trimEnd()}\n\nПлатит в срок` });

      // Every comment line stays, as do the BOM and the CRLF line ends.
      const text = readFileSync(join(dir, 'clients', 'wisniewski-meat.yaml'), 'utf8');
      const comments = (t: string) => t.split('\n').flatMap((l) => (l.includes('#') ? [l.slice(l.indexOf('#'))] : []));
      expect(comments(text)).toEqual(comments(wisniewski));
      expect(comments(wisniewski).length).toBeGreaterThan(8);
      const veterBytes = readFileSync(join(dir, 'clients', 'severny-veter.yaml'));
      expect(veterBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(veterBytes.toString('utf8').replace(/\r\n/g, '')).not.toMatch(/\n/);
      await expectValid(dir);

      // Again: nothing to change.
      const after = treeHash(dir);
      const again = await importJson(dir, csv, '--update');
      expect(again.summary.updated).toEqual([]);
      expect(again.summary.skipped.map((s) => s.reason)).toEqual([
        'already up to date (clients/wisniewski-meat.yaml: same phone +48 501 222 333)',
        'already up to date (clients/severny-veter.yaml: same e-mail D.ORLOV@sevveter.example)',
      ]);
      expect(treeHash(dir)).toBe(after);
    });

    it('a write that fails part-way says which rows were written, and they are', async () => {
      const dir = book();
      // (a folder where the last new dossier's temporary file goes: its write fails, the others do not)
      mkdirSync(join(dir, 'clients', '.piekarnia-nowa.yaml.tmp'));
      const { code, summary, err } = await importJson(dir, join(FIXTURES, 'pl.csv'));
      expect(code).toBe(1);
      expect(summary.created.map((c) => c.row)).toEqual([2, 3]);
      expect(summary.failure?.rows).toEqual([9]);
      expect(err).toMatch(/^tickler: cannot write clients\/\.piekarnia-nowa\.yaml\.tmp: a folder stands where a file should be \(EISDIR\)/);
      expect(err).toContain('tickler: the 2 dossiers listed as created were written; 1 new ones (rows 9) were not');
      expect(existsSync(join(dir, 'clients', 'drewpol-meble.yaml'))).toBe(true);
      expect(existsSync(join(dir, 'clients', 'hurtownia-kowalski.yaml'))).toBe(true);
      expect(existsSync(join(dir, 'clients', 'piekarnia-nowa.yaml'))).toBe(false);
      expect(readdirSync(join(dir, 'clients')).filter((n) => n.startsWith('.') && n !== '.piekarnia-nowa.yaml.tmp')).toEqual([]);
    });

    it('with git.autocommit, commits exactly the files it wrote', async () => {
      const dir = book();
      writeFileSync(join(dir, 'tickler.yaml'), `${readFileSync(join(dir, 'tickler.yaml'), 'utf8')}git:\n  autocommit: true\n`);
      const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, env: ENV, encoding: 'utf8' });
      git('init', '--quiet');
      git('add', '.');
      git('commit', '--quiet', '-m', 'book');
      writeFileSync(join(dir, 'other.txt'), 'not the import');
      git('add', 'other.txt');
      const { code } = await importJson(dir, join(FIXTURES, 'lv.csv'));
      expect(code).toBe(0);
      expect(git('log', '-1', '--format=%s').stdout.trim()).toBe('import lv.csv: 2 created, 0 updated');
      expect(git('show', '--name-only', '--format=', 'HEAD').stdout.trim().split('\n')).toEqual(['clients/kurzemes-zivis.yaml', 'clients/latgales-koks.yaml']);
      expect(git('status', '--porcelain').stdout.trim()).toBe('A  other.txt');
    });
  });

  describe.concurrent('bad input: one line, exit code, nothing changed', () => {
    const cases: [string, (dir: string, tmp: string) => string[], number, RegExp][] = [
      ['a file that is not there', (_, tmp) => [join(tmp, 'nope.csv')], 2, /^tickler: .*nope\.csv: no such file\n$/],
      ['a folder', (_, tmp) => [tmp], 2, /^tickler: .* is a folder; name the CSV file to import\n$/],
      ['a file in another encoding', (_, tmp) => [write(tmp, 'cp1250.csv', Buffer.from('Firma;Telefon\nPiekarnia \xa3\xf3d\xbc;1\n', 'latin1'))], 1, /^tickler: .*cp1250\.csv is not UTF-8 text; save it as "CSV UTF-8"/],
      ['an empty file', (_, tmp) => [write(tmp, 'empty.csv', '\ufeff\r\n')], 1, /^tickler: .*empty\.csv is empty; nothing was imported\n$/],
      ['no column for the name', (_, tmp) => [write(tmp, 'noname.csv', 'Telefon;Miasto\n1;Łódź\n')], 2, /^tickler: no column for the client's name .*--map name=COLUMN \(columns: 1 "Telefon", 2 "Miasto"\)\n$/],
      ['an unknown field in --map', () => [join(FIXTURES, 'pl.csv'), '--map', 'city=2'], 2, /^tickler: --map city=2: unknown field "city" \(fields: name, contact, role, phone, email, next, owner, stage, tags, notes\)\n$/],
      ['an unknown column in --map', () => [join(FIXTURES, 'pl.csv'), '--map', 'phone=Tel'], 2, /^tickler: --map phone=Tel: the file has no column "Tel" \(columns: 1 "Firma", 2 "Osoba kontaktowa",.* 10 "Uwagi"\)\n$/],
      ['an unknown --owner', () => [join(FIXTURES, 'pl.csv'), '--owner', 'carol'], 2, /^tickler: unknown owner "carol" \(tickler\.yaml `team`: alice, bob\)\n$/],
    ];
    for (const [what, args, exit, message] of cases) {
      it(what, async () => {
        const dir = book();
        const tmp = scratch();
        const before = treeHash(dir);
        const run = await tickler(dir, ['import', ...args(dir, tmp)]);
        expect(run.err).toMatch(message);
        expect(run.out).toBe('');
        expect(run.code).toBe(exit);
        expect(treeHash(dir)).toBe(before);
      });
    }
  });
});
