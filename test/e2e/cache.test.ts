// The cache under .tickler/ never changes an answer: after every kind of change to the book
// (edit, add, delete, rename, touch, an edit of the same size within the same second, new
// settings), today, agenda and list with the cache equal a run on a copy without it.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, cli, cliRecordingReads, copyBook, run, sealed, unsealed } from '../helpers.js';
import { spawnSync } from 'node:child_process';

const day = ['--today', '2026-11-23'];
const VIEWS = [
  ['today', '--format', 'json', ...day],
  ['agenda', '--days', '10', '--format', 'json', ...day],
  ['list', '--format', 'json', ...day],
  // one member's day: rows of other members are skipped (a cover makes a dossier carol's too)
  ['today', '--owner', 'bob', ...day],
  ['validate', '--format', 'json', ...day],
  // a month later, covers have ended: what depends on the date is not taken from the cache
  ['validate', '--format', 'json', '--today', '2026-12-23'],
  ['agenda', '--owner', 'carol', '--days', '10', '--format', 'json', ...day],
  // the page as text (put together from the pieces of unchanged dossiers after a change)
  ['today', ...day],
];

function views(dir: string): string[] {
  return VIEWS.map((args) => {
    const result = cli(args, { cwd: dir });
    expect(result.err).toBe('');
    return result.out;
  });
}

/** The same views computed on a copy of the book that has no cache. */
function viewsWithoutCache(dir: string): string[] {
  const copy = mkdtempSync(join(tmpdir(), 'tickler-nocache-'));
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.includes('.tickler') });
  const out = views(copy);
  rmSync(copy, { recursive: true, force: true });
  return out;
}

/** The JSON header line of .tickler/index.bin, as amended by its delta (files, people, listing). */
function indexHeader(dir: string): { id: string; version: string; count: number; files: { name: string }[]; listing?: number[] } {
  const header = firstLine(join(dir, '.tickler', 'index.bin'));
  const delta = existsSync(join(dir, '.tickler', 'index-delta.bin')) ? firstLine(join(dir, '.tickler', 'index-delta.bin')) : undefined;
  return delta?.base === header.id ? { ...header, files: delta.files, people: delta.people, ...(delta.listing ? { listing: delta.listing } : {}) } : header;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function firstLine(path: string): any {
  const bytes = readFileSync(path);
  return JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(10)));
}

/** What `checks` print on a copy of the book without its cache. */
function viewsOf(dir: string, checks: readonly string[][]): string[] {
  const copy = mkdtempSync(join(tmpdir(), 'tickler-nocache-'));
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.tickler') });
  const out = checks.map((args) => cli(args, { cwd: copy }).out);
  rmSync(copy, { recursive: true, force: true });
  return out;
}

function expectSameAsWithoutCache(dir: string, step: string): void {
  const cached = views(dir);
  expect(existsSync(join(dir, '.tickler', 'index.bin')), step).toBe(true);
  // (and once more: the day views then print the pages the first runs kept)
  const again = views(dir);
  const fresh = viewsWithoutCache(dir);
  cached.forEach((out, i) => expect(out, `${step}: ${VIEWS[i]!.join(' ')}`).toBe(fresh[i]));
  again.forEach((out, i) => expect(out, `${step}, again: ${VIEWS[i]!.join(' ')}`).toBe(fresh[i]));
}

const dossier = (name: string, date: string, extra = '') => `name: ${name}\nowner: alice\nstage: negotiation\nnext:\n  date: ${date}\n  action: call\n${extra}`;

/** A book big enough for a first run on two threads (2,400 old files, some the quick reader leaves to the others). */
function bigBook(): string {
  const a = mkdtempSync(join(tmpdir(), 'tickler-threads-'));
  writeFileSync(join(a, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: {}\n  bob: {}\n');
  mkdirSync(join(a, 'clients'));
  for (let n = 0; n < 2400; n++) {
    const due = `2026-11-${String(10 + (n % 20)).padStart(2, '0')}`;
    const broken = n % 397 === 0 ? 'nxt: oops\n' : '';
    writeFileSync(join(a, 'clients', `client-${n}.yaml`), dossier(`Client ${n}`, due, `${broken}contacts:\n  - name: Person ${n}\n    birthday: 1970-11-${String(1 + (n % 28)).padStart(2, '0')}\n`).replace('owner: alice', `owner: ${n % 2 ? 'alice' : 'bob'}`));
  }
  // Files written a moment ago are not kept in the cache (they could change again unnoticed on
  // coarse clocks); these are old.
  const old = new Date('2026-11-01T00:00:00Z');
  for (let n = 0; n < 2400; n++) utimesSync(join(a, 'clients', `client-${n}.yaml`), old, old);
  // early and late in the listing: text the quick reader leaves to the others (folded notes, an anchor)
  for (const n of [7, 2001]) appendFileSync(join(a, 'clients', `client-${n}.yaml`), 'notes: >\n  folded\n  text\n');
  for (const n of [9, 2003]) appendFileSync(join(a, 'clients', `client-${n}.yaml`), 'offer: &o 10 pallets\n');
  for (const n of [7, 2001, 9, 2003]) utimesSync(join(a, 'clients', `client-${n}.yaml`), old, old);
  return a;
}

describe('the cache under .tickler/', () => {
  it('gives the answers of a run without it, after every kind of change', () => {
    const dir = copyBook('basic');
    // A whole-second mtime, so that putting it back after an edit restores it exactly.
    const clients = readdirSync(join(dir, 'clients')).filter((n) => n.endsWith('.yaml'));
    const target = join(dir, 'clients', clients[0]!);
    const second = new Date('2026-11-01T00:00:00Z');
    utimesSync(target, second, second);
    expectSameAsWithoutCache(dir, 'first run');
    expectSameAsWithoutCache(dir, 'second run (all from the cache)');

    // An edit of the same size, with the old mtime put back: only ctime tells.
    const text = readFileSync(target, 'utf8');
    const edited = text.replace(/date: 2026-11-(\d\d)/, (_, d: string) => `date: 2026-11-${d === '23' ? '22' : '23'}`);
    expect(edited.length).toBe(text.length);
    expect(edited).not.toBe(text);
    writeFileSync(target, edited);
    utimesSync(target, second, second);
    expect(statSync(target).mtimeMs).toBe(second.getTime());
    expectSameAsWithoutCache(dir, 'same-size edit, same mtime');

    writeFileSync(join(dir, 'clients', 'nowy-klient.yaml'), dossier('Nowy Klient', '2026-11-23'));
    expectSameAsWithoutCache(dir, 'added a dossier');

    unlinkSync(join(dir, 'clients', clients[1]!));
    expectSameAsWithoutCache(dir, 'deleted a dossier');

    renameSync(join(dir, 'clients', 'nowy-klient.yaml'), join(dir, 'clients', 'stary-klient.yaml'));
    expectSameAsWithoutCache(dir, 'renamed a dossier');

    const touched = join(dir, 'clients', clients[2]!);
    utimesSync(touched, new Date(), new Date());
    expectSameAsWithoutCache(dir, 'touched a dossier');

    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), 'name: Zepsuty\nnxt:\n  date: 2026-11-23\n');
    expectSameAsWithoutCache(dir, 'a broken dossier (a problem, not an item)');
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Naprawiony', '2026-11-20'));
    expectSameAsWithoutCache(dir, 'the broken dossier fixed');

    // The book's own fields (tickler.yaml: segment) are checked by validate only; its findings are kept too.
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Naprawiony', '2026-11-20', 'segment: huge\n'));
    expectSameAsWithoutCache(dir, 'a value outside a field of the book');
    expect(views(dir)[4]).toContain('clients/zepsuty.yaml');

    // Duplicates: validate reads only files that share a contact key with another, so a new
    // dossier with a known phone (fifth of its contacts: past the keys a row holds) must be found.
    const contacts = ['+48 111 222 331', '+48 111 222 332', '+48 111 222 333', 'a@b.example', '+48 602 444 555']
      .map((value, i) => `  - name: Osoba ${i}\n    ${value.includes('@') ? 'email' : 'phone'}: "${value}"\n`)
      .join('');
    writeFileSync(join(dir, 'clients', 'duplikat.yaml'), dossier('Duplikat', '2026-12-01', `contacts:\n${contacts}`));
    expectSameAsWithoutCache(dir, 'a likely duplicate');
    expect(views(dir)[4]).toContain('duplicate-client');
    unlinkSync(join(dir, 'clients', 'duplikat.yaml'));
    expectSameAsWithoutCache(dir, 'the duplicate gone');

    // A dossier moved far into the future leaves today, and comes back.
    writeFileSync(join(dir, 'clients', 'stary-klient.yaml'), dossier('Stary Klient', '2027-06-01'));
    expectSameAsWithoutCache(dir, 'refiled far ahead');

    // New settings: a stage closed now, so its clients are no longer dropped balls.
    const settings = join(dir, 'tickler.yaml');
    writeFileSync(settings, `${readFileSync(settings, 'utf8')}\n# changed\n`);
    expectSameAsWithoutCache(dir, 'settings changed');

    // The writing commands and the cache agree too.
    const logged = cli(['log', 'stary-klient', '--outcome', 'reached', '--next', '2026-11-24', ...day], {
      cwd: dir,
      env: { TICKLER_USER: 'alice', TICKLER_NOW: '2026-11-23T09:15:00Z' },
    });
    expect(logged.err).toBe('');
    expectSameAsWithoutCache(dir, 'after log');
  }, 120_000);

  it('prints a kept page only while nothing it was made from, or of the way it is printed, changed', () => {
    const dir = copyBook('basic');
    const old = new Date('2026-11-01T00:00:00Z');
    for (const name of readdirSync(join(dir, 'clients'))) utimesSync(join(dir, 'clients', name), old, old);
    const traced = (args: string[], env: Record<string, string> = {}) => {
      const result = cli(args, { cwd: dir, env: { TICKLER_TRACE: '1', ...env } });
      return { out: result.out, kept: result.err.includes('the kept page holds') };
    };
    const fresh = (args: string[], env: Record<string, string> = {}) => {
      const copy = mkdtempSync(join(tmpdir(), 'tickler-nocache-'));
      cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.tickler') });
      const out = cli(args, { cwd: copy, env }).out;
      rmSync(copy, { recursive: true, force: true });
      return out;
    };
    const today = ['today', ...day];
    const expectPage = (args: string[], kept: boolean, step: string, env: Record<string, string> = {}) => {
      const run = traced(args, env);
      expect(run.kept, step).toBe(kept);
      expect(run.out, step).toBe(fresh(args, env));
    };
    expectPage(today, false, 'first run');
    expectPage(today, true, 'nothing changed');
    // every part of what the page depends on besides the dossiers makes another page
    expectPage([...today, '--format', 'json'], false, 'as JSON');
    expectPage([...today, '--format', 'json'], true, 'as JSON again');
    expectPage(today, true, 'the text page is still kept');
    expectPage(['today', '--today', '2026-11-24'], false, 'another day');
    expectPage(['today', '--owner', 'bob', ...day], false, "a member's day");
    expectPage(['agenda', '--days', '1', ...day], false, 'the agenda of one day (the same dossiers)');
    expectPage(['agenda', '--days', '1', ...day], true, 'the agenda of one day again');
    expectPage(today, false, 'in colour', { FORCE_COLOR: '1', NO_COLOR: '' });
    expectPage(today, true, 'in colour again', { FORCE_COLOR: '1', NO_COLOR: '' });
    expectPage(today, false, 'another locale for the names', { LANG: 'pl_PL.UTF-8' });
    expectPage(today, true, 'without colour, as before');
    // a file of the day changes: the page is made again; one far ahead changes: it is not
    const json = JSON.parse(traced([...today, '--format', 'json']).out) as { items: { client: string }[] };
    const shown = json.items[0]!.client;
    writeFileSync(join(dir, 'clients', `${shown}.yaml`), `${readFileSync(join(dir, 'clients', `${shown}.yaml`), 'utf8')}priority: high\n`);
    utimesSync(join(dir, 'clients', `${shown}.yaml`), old, old);
    expectPage(today, false, 'a dossier of the day edited');
    expectPage(today, true, 'a dossier of the day edited, next run');
    writeFileSync(join(dir, 'clients', 'far-ahead.yaml'), dossier('Far Ahead', '2027-06-01'));
    utimesSync(join(dir, 'clients', 'far-ahead.yaml'), old, old);
    expectPage(today, true, 'a dossier far ahead added');
    writeFileSync(join(dir, 'clients', 'far-ahead.yaml'), dossier('Far Ahead', '2026-11-23'));
    utimesSync(join(dir, 'clients', 'far-ahead.yaml'), old, old);
    expectPage(today, false, 'that dossier refiled to today');
    unlinkSync(join(dir, 'clients', 'far-ahead.yaml'));
    expectPage(today, false, 'a dossier of the day removed');
    // a garbled page is not printed
    for (const name of readdirSync(join(dir, '.tickler')).filter((n) => n.startsWith('page-'))) writeFileSync(join(dir, '.tickler', name), '["x"]\n0\nnot the page');
    expectPage(today, false, 'garbled pages');
    expectPage(today, true, 'garbled pages replaced');
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('keeps a few changed rows in a delta of the index, and writes the whole index for many', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickler-delta-'));
    writeFileSync(join(dir, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: {}\n  bob: {}\n  carol: {}\n');
    mkdirSync(join(dir, 'clients'));
    const old = new Date('2026-11-01T00:00:00Z');
    const file = (n: number) => join(dir, 'clients', `client-${n}.yaml`);
    const put = (n: number, date: string, extra = '') => {
      writeFileSync(file(n), dossier(`Client ${n}`, date, extra).replace('owner: alice', `owner: ${n % 3 ? 'alice' : 'bob'}`));
      utimesSync(file(n), old, old);
    };
    for (let n = 0; n < 120; n++) put(n, n % 4 === 0 ? '2026-11-23' : '2027-01-15');
    utimesSync(join(dir, 'clients'), old, old);
    const index = join(dir, '.tickler', 'index.bin');
    const delta = join(dir, '.tickler', 'index-delta.bin');
    expectSameAsWithoutCache(dir, 'first run');
    expect(existsSync(delta)).toBe(false);
    const whole = readFileSync(index);
    // a few edits (one a new owner, one a broken file): a delta, the index as it was
    put(5, '2026-11-23', 'priority: high\n');
    put(6, '2026-11-24');
    writeFileSync(file(7), dossier('Client 7', '2026-11-23').replace('owner: alice', 'owner: carol'));
    utimesSync(file(7), old, old);
    writeFileSync(file(8), 'name: Client 8\nnxt: oops\n');
    utimesSync(file(8), old, old);
    expectSameAsWithoutCache(dir, 'a few edits');
    expect(existsSync(delta)).toBe(true);
    expect(readFileSync(index).equals(whole)).toBe(true);
    // more edits: the delta holds the rows changed since the index, old and new
    put(5, '2026-11-25');
    put(90, '2026-11-23');
    expectSameAsWithoutCache(dir, 'more edits');
    expect(readFileSync(index).equals(whole)).toBe(true);
    // a garbled delta, or one made for another index, is ignored (the files are read again)
    const good = readFileSync(delta);
    for (const bad of [good.subarray(0, good.length - 8), Buffer.from(good.toString('latin1').replace(/"base":"[0-9a-f]+"/, '"base":"0000"'), 'latin1'), Buffer.from('{')]) {
      writeFileSync(delta, bad);
      expect(views(dir), bad.length.toString()).toEqual(viewsWithoutCache(dir));
      writeFileSync(delta, good);
    }
    // a file added: the names changed, the whole index is written and the delta goes
    put(500, '2026-11-23');
    expectSameAsWithoutCache(dir, 'a file added');
    expect(existsSync(delta)).toBe(false);
    expect(readFileSync(index).equals(whole)).toBe(false);
    // many edits at once: the whole index again
    expectSameAsWithoutCache(dir, 'settled');
    const before = readFileSync(index);
    for (let n = 0; n < 70; n++) put(n, '2026-11-26');
    expectSameAsWithoutCache(dir, 'seventy edits');
    expect(existsSync(delta)).toBe(false);
    expect(readFileSync(index).equals(before)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('lists clients/ only when entries came or went since the last run', () => {
    const dir = copyBook('basic');
    const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2_100);
    const listed = () => cliRecordingReads(dir, VIEWS[0]!).reads.filter((line) => line === 'readdirSync clients').length;
    const listing = () => (indexHeader(dir) as { listing?: number[] }).listing;
    expectSameAsWithoutCache(dir, 'first run');
    // the folder changes; a run less than 2 s later lists it and does not keep its stamp (the run is
    // checked only when it was that quick: a loaded machine can take longer)
    utimesSync(join(dir, 'clients'), new Date(), new Date());
    const touched = Date.now();
    expect(listed()).toBe(1);
    const folder = statSync(join(dir, 'clients'));
    if (Date.now() - touched < 1_900) expect(listing()).not.toEqual([folder.size, folder.mtimeMs, folder.ino, folder.ctimeMs]);
    pause();
    expect(listed()).toBe(1); // settled now: listed once more, and its stamp kept
    expect(listing()).toHaveLength(4);
    expect(listed()).toBe(0);
    expectSameAsWithoutCache(dir, 'names from the index');

    const clients = readdirSync(join(dir, 'clients')).filter((n) => n.endsWith('.yaml'));
    const changes: [string, () => void][] = [
      ['added', () => writeFileSync(join(dir, 'clients', 'nowy.yaml'), dossier('Nowy', '2026-11-23'))],
      ['renamed', () => renameSync(join(dir, 'clients', 'nowy.yaml'), join(dir, 'clients', 'inny.yaml'))],
      ['deleted', () => unlinkSync(join(dir, 'clients', clients[0]!))],
      ['a folder of the same name', () => mkdirSync(join(dir, 'clients', 'folder.yaml'))],
      ['a link added', () => symlinkSync(clients[1]!, join(dir, 'clients', 'link.yaml'))],
    ];
    for (const [step, change] of changes) {
      pause();
      cli(VIEWS[0]!, { cwd: dir });
      const before = listing();
      change();
      expect(listed(), step).toBe(1);
      expectSameAsWithoutCache(dir, step);
      if (step !== 'a link added') expect(before, step).toHaveLength(4);
    }
    // with a link (read anew every time) the folder is listed every time: no stamp of it as it is now is kept
    pause();
    expect(listed()).toBe(1);
    const now = statSync(join(dir, 'clients'));
    expect(listing()).not.toEqual([now.size, now.mtimeMs, now.ino, now.ctimeMs]);
    expect(listed()).toBe(1);
  }, 120_000);

  it("puts today's page together from the pieces unchanged dossiers gave it, as the whole page would be", () => {
    // (the first piece of each pieces file claims more entries than it has: the page is made whole)
    const garblePieces = (dir: string) => {
      const files = readdirSync(join(dir, '.tickler')).filter((name) => /^parts-.*\.json$/.test(name));
      expect(files.length).toBeGreaterThan(0);
      for (const name of files) {
        const path = join(dir, '.tickler', name);
        const lines = unsealed(path).toString().split('\n');
        expect(lines[4]).toMatch(/^\[[0-9],/);
        lines[4] = lines[4]!.replace(/^\[[0-9]/, '[9');
        // (sealed again: the pieces' own checks are what is tested here)
        writeFileSync(path, sealed(lines.join('\n')));
      }
    };
    const dir = copyBook('basic');
    const clients = join(dir, 'clients');
    let minute = 0;
    // (every file written here gets a time of its own, long past: settled, and kept at once)
    const settle = (name: string) => {
      const at = new Date(Date.UTC(2026, 10, 1, 8, minute++));
      utimesSync(join(clients, name), at, at);
    };
    for (const name of readdirSync(clients)) settle(name);
    const write = (name: string, text: string) => {
      writeFileSync(join(clients, name), text);
      settle(name);
    };
    const edit = (name: string, change: (text: string) => string) => write(name, change(readFileSync(join(clients, name), 'utf8')));
    const complaint = 'complaints:\n  - opened: 2026-11-10\n    summary: A pallet came broken\n    due: 2026-11-20\n';
    const birthday = 'contacts:\n  - name: Ewa Nowa\n    phone: "+48 600 000 111"\n    birthday: 1980-11-23\n';
    const views = [['today', ...day], ['today', '--owner', 'alice', ...day], ['today', '--owner', 'bob', ...day]];
    const steps: [string, () => void, boolean][] = [
      ['a new dossier due today', () => write('nowy.yaml', dossier('Nowy Klient', '2026-11-23')), true],
      ['it is overdue now', () => edit('nowy.yaml', (t) => t.replace('2026-11-23', '2026-11-18')), true],
      ['with a complaint and a birthday', () => edit('nowy.yaml', (t) => `${t}${complaint}${birthday}`), true],
      ['it went to bob', () => edit('nowy.yaml', (t) => t.replace('owner: alice', 'owner: bob')), true],
      ['its ball dropped', () => edit('nowy.yaml', (t) => t.replace(/next:\n  date: .*\n  action: call\n/, '')), true],
      ['another file has an error', () => edit('apex.yaml', (t) => `${t}next_contact: soon\n`), true],
      ['fixed again', () => edit('apex.yaml', (t) => t.replace('next_contact: soon\n', '')), true],
      ['a name longer than the name column', () => write('dlugi.yaml', dossier('Przedsiębiorstwo Handlowo-Usługowe Bardzo Długa Nazwa', '2026-11-23')), false],
      ['a name that fits', () => write('krotki.yaml', dossier('Krótki', '2026-11-20')), true],
      ['a garbled piece, and a change', () => (garblePieces(dir), edit('krotki.yaml', (t) => t.replace('2026-11-20', '2026-11-19'))), false],
      ['a dossier deleted', () => unlinkSync(join(clients, 'nowy.yaml')), true],
    ];
    const run = (args: string[], cwd: string) => cli(args, { cwd, env: { TICKLER_TRACE: '1' } });
    for (const args of views) run(args, dir);
    for (const [step, change, pieces] of steps) {
      change();
      const copy = mkdtempSync(join(tmpdir(), 'tickler-nocache-'));
      cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.tickler') });
      for (const args of views) {
        const cached = run(args, dir);
        const fresh = run(args, copy);
        expect(cached.out, `${step}: ${args.join(' ')}`).toBe(fresh.out);
        expect(cached.code, step).toBe(fresh.code);
        // (everybody's page: the pieces are used, except when the name column changes and the
        // page is made whole; a member's page may also be kept as it is)
        if (args.length === 3) {
          expect(/pieces of [1-9][0-9]* dossiers from the last page/.test(cached.err), `${step}: ${args.join(' ')}`).toBe(true);
          expect(cached.err.includes('the pieces do not fit'), `${step}: ${args.join(' ')}`).toBe(!pieces);
        }
        expect(run(args, dir).out, `${step}, again: ${args.join(' ')}`).toBe(fresh.out);
      }
      rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);

  it('keeps its answers through many small changes (summaries appended, then compacted)', () => {
    const dir = copyBook('basic');
    const many = Array.from({ length: 5 }, (_, i) => `  - name: Person ${i}\n    birthday: 1970-11-${String(23 + i).padStart(2, '0')}\n`).join('');
    writeFileSync(join(dir, 'clients', 'wielu-kontaktow.yaml'), dossier('Wielu Kontaktów', '2027-03-01', `contacts:\n${many}`));
    expectSameAsWithoutCache(dir, 'a dossier with more birthdays than a row has room for');
    const old = new Date('2026-11-01T00:00:00Z');
    for (let round = 0; round < 16; round++) {
      const file = join(dir, 'clients', `klient-${round}.yaml`);
      writeFileSync(file, dossier(`Klient ${round}`, `2026-11-${String(20 + (round % 8)).padStart(2, '0')}`));
      utimesSync(file, old, old); // old enough to be kept at once
      expect(cli(['today', ...day], { cwd: dir }).err).toBe('');
      expect(indexHeader(dir).files.length, `round ${round}`).toBeLessThanOrEqual(12);
    }
    expectSameAsWithoutCache(dir, 'after sixteen small changes');
    const summaries = readdirSync(join(dir, '.tickler')).filter((n) => n.startsWith('summaries-'));
    expect(summaries.sort()).toEqual(indexHeader(dir).files.map((f) => f.name).sort());
  }, 120_000);

  it('validate checks the book\'s own fields in a linked dossier, on every run', () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zz-real.yaml'), dossier('Prawdziwy', '2026-12-01', 'segment: huge\n'));
    symlinkSync('zz-real.yaml', join(dir, 'clients', 'zz-link.yaml'));
    const first = cli(['validate', '--format', 'json', ...day], { cwd: dir }).out;
    expect(first).toContain('clients/zz-link.yaml');
    expect(first).toContain('clients/zz-real.yaml');
    expect(cli(['validate', '--format', 'json', ...day], { cwd: dir }).out).toBe(first); // from the cache

    // A clean file with the phone of a linked one: a likely duplicate, although the link has no row.
    mkdirSync(join(dir, 'clients', 'sub'));
    const person = (phone: string) => `contacts:\n  - name: Jan\n    phone: "${phone}"\n`;
    writeFileSync(join(dir, 'clients', 'sub', 'alpha.yaml'), dossier('Alpha', '2026-12-02', person('+48 500 600 700')));
    symlinkSync('sub/alpha.yaml', join(dir, 'clients', 'alpha.yaml'));
    writeFileSync(join(dir, 'clients', 'zz-beta.yaml'), dossier('Beta', '2026-12-03', person('+48 500 600 700')));
    for (const run of ['first', 'from the cache']) {
      expect(cli(['validate', '--format', 'json', ...day], { cwd: dir }).out, run).toContain('same phone as clients/alpha.yaml');
    }
  }, 60_000);

  it('validate keeps whether the book\'s field schemas compile, and needs no schema compiler while tickler.yaml is unchanged', () => {
    const dir = copyBook('basic');
    const args = ['validate', '--format', 'json', ...day];
    // tickler as installed, but without the schema compiler's module: a run that needs it fails
    const copy = mkdtempSync(join(tmpdir(), 'tickler-copy-'));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    for (const name of readdirSync(join(copy, 'dist', 'lazy'))) if (name.startsWith('custom-check.')) rmSync(join(copy, 'dist', 'lazy', name));
    const withoutCompiler = () => spawnSync(process.execPath, [join(copy, 'bin', 'tickler.js'), ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    for (const fields of ['segment: { type: nonsense }', 'segment: { enum: [smb, mid, enterprise] }']) {
      writeFileSync(join(dir, 'tickler.yaml'), readFileSync(join(dir, 'tickler.yaml'), 'utf8').replace(/^ {2}segment: .*$/m, `  ${fields}`));
      // (files changed in the last 2 s are read again on the next run, and checked with the compiler)
      const old = new Date('2026-11-01T00:00:00Z');
      for (const name of readdirSync(join(dir, 'clients'))) utimesSync(join(dir, 'clients', name), old, old);
      const first = cli(args, { cwd: dir });
      const rules = (JSON.parse(first.out) as { problems: { file: string; rule: string }[] }).problems.filter((p) => p.file === 'tickler.yaml').map((p) => p.rule);
      expect(rules, fields).toEqual(fields.includes('nonsense') ? ['bad-field-schema'] : []);
      if (fields.includes('nonsense')) {
        // (rows checked without the book's fields are read again by every validate, with the compiler)
        expect(cli(args, { cwd: dir }).out).toBe(first.out);
        continue;
      }
      // the next runs: the same answer, without the compiler
      const second = withoutCompiler();
      expect({ err: second.stderr, status: second.status, out: second.stdout }).toEqual({ err: '', status: first.code, out: first.out });
      // a garbled or foreign verdict is not used: the compiler is needed again
      const kept = join(dir, '.tickler', 'field-schemas.json');
      const verdict = readFileSync(kept, 'utf8');
      for (const garbled of ['{"key":', verdict.replace('"problem":', '"problem":{"path":1},"was":'), verdict.replace('v20', 'v99')]) {
        writeFileSync(kept, garbled);
        expect(withoutCompiler().status, garbled).toBe(70);
        expect(cli(args, { cwd: dir }).out).toBe(first.out);
      }
    }
  });

  it('a member\'s day through the cache includes the dossiers that member covers', () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zastepstwo.yaml'), dossier('Zastępstwo', '2026-11-23', 'cover: { by: carol, until: 2026-11-30 }\n'));
    const old = new Date('2026-11-01T00:00:00Z');
    utimesSync(join(dir, 'clients', 'zastepstwo.yaml'), old, old); // kept in the cache at once
    const carol = ['today', '--owner', 'carol', '--format', 'json', ...day];
    const expected = cli(carol, { cwd: dir }).out; // first run: every row fresh
    expect(expected).toContain('"client": "zastepstwo"');
    expect(cli(carol, { cwd: dir }).out).toBe(expected); // from the cache
  }, 60_000);

  it('keeps the warnings of tickler.yaml for validate (a YAML 1.1 look-alike needs the full reader)', () => {
    const dir = copyBook('basic');
    const settings = join(dir, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^team:\n/m, 'team:\n  dave: { name: No }\n'));
    expect(cli(['today', ...day], { cwd: dir }).err).toBe(''); // the cache is made by another command first
    const named = cli(['validate', 'tickler.yaml', '--format', 'json', ...day], { cwd: dir }).out;
    expect(named).toContain('yaml11');
    const whole = cli(['validate', '--format', 'json', ...day], { cwd: dir }).out;
    expect(whole).toContain('yaml11');
  }, 60_000);

  it('works when the disk fills up while it is written (nothing cached, or a short summaries file)', () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Zepsuty', '2026-11-23', 'segment: huge\n'));
    const expected = viewsWithoutCache(dir);
    // ulimit -f counts blocks of 1 KiB in sh and bash: 0 fails every write, 8 cuts files at 8 KiB
    for (const limit of [0, 8]) {
      rmSync(join(dir, '.tickler'), { recursive: true, force: true });
      for (const [i, args] of VIEWS.entries()) {
        const limited = spawnSync('sh', ['-c', `ulimit -f ${limit}; exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
        expect(limited.stderr, `ulimit -f ${limit}: ${args.join(' ')}`).toBe('');
        expect(limited.stdout, `ulimit -f ${limit}: ${args.join(' ')}`).toBe(expected[i]);
      }
      expect(views(dir), `after ulimit -f ${limit}`).toEqual(expected);
    }
  }, 120_000);

  it('is rebuilt when corrupt or foreign, and is not needed when it cannot be written', () => {
    const dir = copyBook('basic');
    // (a finding of the book's own fields, which only validate's reading adds to the cache)
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Zepsuty', '2026-11-23', 'segment: huge\n'));
    const expected = viewsWithoutCache(dir);
    expect(views(dir)).toEqual(expected);
    const index = join(dir, '.tickler', 'index.bin');
    const good = readFileSync(index);
    // cut short, garbled rows, not even a header
    for (const bad of [good.subarray(0, good.length - 5), Buffer.concat([good.subarray(0, good.length - 16), Buffer.alloc(16, 0xff)]), Buffer.from('{"format": 2, "rows": [["x", 1')]) {
      writeFileSync(index, bad);
      expect(views(dir)).toEqual(expected);
      expect(() => indexHeader(dir)).not.toThrow();
    }
    const header = indexHeader(dir);
    const rest = unsealed(index).subarray(readFileSync(index).indexOf(10));
    writeFileSync(index, sealed(Buffer.concat([Buffer.from(JSON.stringify({ ...header, version: '0.0.0-other' })), rest])));
    expect(views(dir)).toEqual(expected);
    expect(indexHeader(dir).version).not.toBe('0.0.0-other');
    // Summaries gone from under the index: the files are read again.
    for (const name of readdirSync(join(dir, '.tickler'))) if (name.startsWith('summaries-')) unlinkSync(join(dir, '.tickler', name));
    expect(views(dir)).toEqual(expected);

    // .tickler cannot be made (a file stands in its way): everything works, only slower.
    rmSync(join(dir, '.tickler'), { recursive: true, force: true });
    writeFileSync(join(dir, '.tickler'), 'not a directory');
    expect(views(dir)).toEqual(expected);
    expect(readFileSync(join(dir, '.tickler'), 'utf8')).toBe('not a directory');
  }, 60_000);

  it('trusts no cache file one byte of which changed, wherever it is (each is sealed, each summary checked)', () => {
    const dir = copyBook('basic');
    const old = new Date('2026-11-01T00:00:00Z');
    for (const name of readdirSync(join(dir, 'clients'))) utimesSync(join(dir, 'clients', name), old, old);
    const checks = [['today', ...day], ['today', '--format', 'json', ...day], ['list', '--format', 'json', ...day], ['validate', '--format', 'json', ...day]];
    const outputs = () => checks.map((args) => cli(args, { cwd: dir }).out);
    expect(outputs()).toEqual(viewsOf(dir, checks));
    // one dossier edited since (settled): its row goes to a delta of the index
    const edited = join(dir, 'clients', readdirSync(join(dir, 'clients')).sort()[0]!);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}tags: [edited]\n`);
    utimesSync(edited, new Date('2026-11-02T00:00:00Z'), new Date('2026-11-02T00:00:00Z'));
    const expected = viewsOf(dir, checks);
    expect(outputs()).toEqual(expected);
    // (twice: the day file, the page and its pieces of the first run are used by the second)
    expect(outputs()).toEqual(expected);
    const cache = join(dir, '.tickler');
    const kept = new Map(readdirSync(cache).filter((name) => name !== '.gitignore').map((name) => [name, readFileSync(join(cache, name))]));
    for (const pattern of [/^index\.bin$/, /^index-delta\.bin$/, /^day-/, /^page-/, /^parts-/, /^names\.json$/, /^field-schemas\.json$/, /^summaries-/]) {
      expect([...kept.keys()].some((name) => pattern.test(name)), String(pattern)).toBe(true);
    }
    // a digit for another, a letter for another, any other byte with its lowest bit flipped
    const changed = (byte: number) => (byte >= 0x30 && byte <= 0x39 ? 0x30 + ((byte - 0x2f) % 10) : byte >= 0x61 && byte <= 0x7a ? 0x61 + ((byte - 0x60) % 26) : byte ^ 1);
    for (const [name, bytes] of kept) {
      // inside the header, the middle, just before the seal, the seal itself, a client's name (still JSON)
      const aName = bytes.indexOf('"name":"') + 8;
      for (const at of [3, bytes.length >> 1, bytes.length - 12, bytes.length - 4, ...(aName >= 8 ? [aName] : [])]) {
        for (const [other, good] of kept) writeFileSync(join(cache, other), good);
        const bad = Buffer.from(bytes);
        bad[at] = changed(bad[at]!);
        writeFileSync(join(cache, name), bad);
        expect(outputs(), `${name}, byte ${at} of ${bytes.length}`).toEqual(expected);
      }
    }

    // A summary that does not read back: its file is read instead, and its row dropped from the
    // index, so that the next run reads it once more and keeps it anew, and the one after reads nothing.
    for (const [other, good] of kept) writeFileSync(join(cache, other), good);
    const list = ['list', '--format', 'json', ...day];
    const traced = () => cli(list, { cwd: dir, env: { TICKLER_TRACE: '1' } });
    expect(traced().err).toMatch(/stamps compared \(0 changed\)/);
    // (the last summary of the newest file the index uses: that of the dossier edited last, in use)
    const summaries = indexHeader(dir).files.at(-1)!.name;
    const bytes = readFileSync(join(cache, summaries));
    bytes[bytes.lastIndexOf('"name":"') + 8] = 0x51; // (Q)
    writeFileSync(join(cache, summaries), bytes);
    const runs = [traced(), traced(), traced()];
    for (const r of runs) expect(r.out).toBe(expected[2]);
    expect(runs[0]!.err).toMatch(/1 summaries unreadable: their files read\n.*index written without their rows/);
    for (const r of runs.slice(1)) expect(r.err).not.toMatch(/unreadable/);
    expect(runs[1]!.err).toMatch(/stamps compared \(1 changed\)/);
    expect(runs[2]!.err).toMatch(/stamps compared \(0 changed\)/);

    // The same with another dossier edited meanwhile: the run that writes the index for the edit
    // leaves the row alone, the next one drops it.
    const newest = join(cache, indexHeader(dir).files.at(-1)!.name);
    const garbled = readFileSync(newest);
    garbled[garbled.lastIndexOf('"name":"') + 8] = 0x51;
    writeFileSync(newest, garbled);
    // (the garbled summary is the first dossier's, read anew above; the second is edited)
    const second = join(dir, 'clients', readdirSync(join(dir, 'clients')).sort()[1]!);
    writeFileSync(second, `${readFileSync(second, 'utf8')}tags: [edited]\n`);
    utimesSync(second, new Date('2026-11-03T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    const expectedNow = viewsOf(dir, [list])[0];
    const later = [traced(), traced(), traced(), traced()];
    for (const r of later) expect(r.out).toBe(expectedNow);
    expect(later[0]!.err).toMatch(/stamps compared \(1 changed\)[^]*1 summaries unreadable: their files read/);
    expect(later[0]!.err).not.toMatch(/index written without/);
    expect(later[1]!.err).toMatch(/stamps compared \(0 changed\)[^]*index written without their rows/);
    expect(later[2]!.err).toMatch(/stamps compared \(1 changed\)/);
    expect(later[3]!.err).toMatch(/stamps compared \(0 changed\)/);
    for (const r of later.slice(2)) expect(r.err).not.toMatch(/unreadable/);
  }, 120_000);

  it('does not write the index again for a symlinked dossier alone (links are read anew every run)', () => {
    const dir = copyBook('basic');
    const old = new Date('2026-11-01T00:00:00Z');
    for (const name of readdirSync(join(dir, 'clients'))) utimesSync(join(dir, 'clients', name), old, old);
    symlinkSync(readdirSync(join(dir, 'clients')).sort()[0]!, join(dir, 'clients', 'zz-link.yaml'));
    const expected = viewsWithoutCache(dir);
    expect(views(dir)).toEqual(expected);
    const index = join(dir, '.tickler', 'index.bin');
    const before = statSync(index);
    expect(views(dir)).toEqual(expected);
    const after = statSync(index);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  }, 60_000);

  it('a first run on two threads (a big book) gives what one thread gives', async () => {
    const a = bigBook();
    const b = mkdtempSync(join(tmpdir(), 'tickler-one-thread-'));
    cpSync(a, b, { recursive: true });
    for (const dir of [a, b]) {
      symlinkSync('client-11.yaml', join(dir, 'clients', 'link-a.yaml'));
      symlinkSync('client-2011.yaml', join(dir, 'clients', 'zz-link-b.yaml'));
    }
    for (const args of [['today', '--format', 'json'], ['list', '--format', 'json']]) {
      // The built CLI reads the first run on two threads; the in-process run (from source) on one.
      rmSync(join(a, '.tickler'), { recursive: true, force: true });
      rmSync(join(b, '.tickler'), { recursive: true, force: true });
      const two = cli([...args, ...day], { cwd: a });
      const one = await run([...args, ...day], { cwd: b });
      expect(two.err).toBe('');
      expect(two.out).toBe(one.out);
      expect(indexHeader(a).count).toBe(2400); // (links are read anew every run)
      expect(indexHeader(a).files).toHaveLength(2); // this thread's summaries file and the worker's
      // and from the cache it built, every summary of either thread reading back as written
      // (list reads every summary; today prints the page it kept)
      const again = cli([...args, ...day], { cwd: a, env: { TICKLER_TRACE: '1' } });
      expect(again.out).toBe(one.out);
      expect(again.err).toMatch(/stamps compared \(0 changed\)/);
      if (args[0] === 'list') expect(again.err).toMatch(/summaries read \(2400\)/);
      expect(again.err).not.toMatch(/unreadable/);
    }
  }, 120_000);

  it('a first run whose second thread fails reads the whole book on this one, without waiting', async () => {
    const a = bigBook();
    const expected = (await run(['today', '--format', 'json', ...day], { cwd: a })).out;
    // tickler as installed, but with a worker that fails as it starts, or in the middle of its work
    for (const [how, code] of [
      ['at once', "throw new Error('a broken worker');"],
      // (it ends as it asks for its fourth chunk of the listing: the three it took are lost)
      ['midway', 'const add = Atomics.add; let taken = 0; Atomics.add = (...args) => (++taken > 3 ? process.exit(3) : add(...args));\n'],
    ] as const) {
      const copy = mkdtempSync(join(tmpdir(), 'tickler-copy-'));
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
      const worker = join(copy, 'dist', 'lazy', 'read-worker.cjs');
      writeFileSync(worker, how === 'at once' ? code : code + readFileSync(worker, 'utf8'));
      rmSync(join(a, '.tickler'), { recursive: true, force: true });
      const started = Date.now();
      const result = spawnSync(process.execPath, [join(copy, 'bin', 'tickler.js'), 'today', '--format', 'json', ...day], { cwd: a, encoding: 'utf8' });
      expect({ how, err: result.stderr, status: result.status }).toEqual({ how, err: '', status: 0 });
      expect(result.stdout).toBe(expected);
      expect(Date.now() - started).toBeLessThan(20_000); // (not the minute a hung worker is given)
      expect(indexHeader(a).count).toBe(2400);
      expect(cli(['today', '--format', 'json', ...day], { cwd: a }).out).toBe(expected);
    }
  }, 120_000);

  it('a book big enough for a second thread on the stamps gives the answers of a run without the cache', () => {
    // 31,000 small dossiers: over the 30,000 from which a worker helps with the stamps
    const dir = mkdtempSync(join(tmpdir(), 'tickler-stamps-'));
    writeFileSync(join(dir, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: {}\n  bob: {}\n');
    mkdirSync(join(dir, 'clients'));
    const old = new Date('2026-11-01T00:00:00Z');
    const file = (n: number) => join(dir, 'clients', `client-${n}.yaml`);
    for (let n = 0; n < 31_000; n++) {
      writeFileSync(file(n), dossier(`Client ${n}`, n % 300 === 0 ? '2026-11-20' : '2027-01-15')); // (a page of ~100 due)
      utimesSync(file(n), old, old);
    }
    symlinkSync('client-5.yaml', join(dir, 'clients', 'link.yaml'));
    const today = ['today', '--format', 'json', ...day];
    const fresh = () => {
      rmSync(join(dir, '.tickler', 'index.bin'), { force: true });
      return cli(today, { cwd: dir }).out;
    };
    const cached = () => {
      const result = cli(today, { cwd: dir });
      expect(result.err).toBe('');
      return result.out;
    };
    expect(cli(today, { cwd: dir }).code).toBe(0); // the first run builds the cache
    expect(indexHeader(dir).count).toBe(31_000);
    // changes spread over the listing, on both threads' chunks: edits (one of the same size and
    // times), a removal, an addition, a rename
    writeFileSync(file(3), dossier('Client 3', '2026-11-23', 'priority: high\n'));
    writeFileSync(file(29_999), dossier('Client 29999', '2026-11-23'));
    const sameSize = readFileSync(file(15_000), 'utf8').replace('Client 15000', 'Klient 15000');
    writeFileSync(file(15_000), sameSize);
    utimesSync(file(15_000), old, old);
    unlinkSync(file(3000));
    writeFileSync(join(dir, 'clients', 'new-one.yaml'), dossier('New One', '2026-11-20'));
    renameSync(file(30_500), join(dir, 'clients', 'renamed.yaml'));
    const afterChanges = cached();
    expect(afterChanges).toBe(fresh());
    expect(afterChanges).toContain('Klient 15000');
    expect(afterChanges).toContain('"client-29999"');
    expect(afterChanges).not.toContain('"client-3000"'); // gone: 3000 is one of the due, and removed below
    expect(cached()).toBe(afterChanges);

    // A stamps worker that hangs in its first chunk: this thread stats that chunk itself once it
    // has waited twenty times what one of its own chunks took (not the 5 s it once waited).
    const copy = mkdtempSync(join(tmpdir(), 'tickler-copy-'));
    for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    const worker = join(copy, 'dist', 'lazy', 'stat-worker.cjs');
    const hang = 'const store = Atomics.store; Atomics.store = (a, i, v) => (v === 2 ? Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0) : store(a, i, v));\n';
    writeFileSync(worker, hang + readFileSync(worker, 'utf8'));
    const timed = (bin: string) => {
      const started = Date.now();
      const result = spawnSync(process.execPath, [bin, ...today], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TICKLER_TRACE: '1' } });
      return { ...result, ms: Date.now() - started };
    };
    const usual = timed(CLI);
    const hung = timed(join(copy, 'bin', 'tickler.js'));
    expect(hung.status).toBe(0);
    expect(hung.stdout).toBe(afterChanges);
    expect(usual.stderr).toMatch(/stamps compared/);
    expect(hung.ms - usual.ms).toBeLessThan(3_000);
    rmSync(copy, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
