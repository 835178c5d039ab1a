// The store's cache under .tickler/ never changes an answer: after every kind of change to the book
// (edit, add, delete, rename, touch, an edit of the same size with the old mtime, new settings,
// a write by tickler), today, agenda, list and validate with the cache equal a run on a copy
// without it; and a cache that is corrupt, foreign, half written or cannot be written at all is
// rebuilt or done without. The views run in this process (the same store as the built CLI's,
// from source) where a process of its own adds nothing; the built CLI runs them where it does
// (a full disk, the worker of a big first run).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, cli, copyBook, run } from '../helpers.js';

const day = ['--today', '2026-11-23'];
const VIEWS = [
  ['today', '--format', 'json', ...day],
  ['agenda', '--days', '10', '--format', 'json', ...day],
  ['list', '--format', 'json', ...day],
  // one member's day: a cover makes a dossier carol's too
  ['today', '--owner', 'bob', ...day],
  ['validate', '--format', 'json', ...day],
  // a month later, covers have ended: what depends on the date is never taken from the cache
  ['validate', '--format', 'json', '--today', '2026-12-23'],
  ['agenda', '--owner', 'carol', '--days', '10', '--format', 'json', ...day],
  ['today', ...day],
];
/** An mtime long past: files this old are kept in the index at once (newer ones are read again until they settle). */
const OLD = new Date('2026-11-01T00:00:00Z');

async function views(dir: string, list: readonly string[][] = VIEWS): Promise<string[]> {
  const out: string[] = [];
  for (const args of list) {
    const result = await run(args, { cwd: dir });
    expect(result.err, args.join(' ')).toBe('');
    out.push(result.out);
  }
  return out;
}

/** The same views on a copy of the book without its cache. */
async function viewsWithoutCache(dir: string, list: readonly string[][] = VIEWS): Promise<string[]> {
  const copy = mkdtempSync(join(tmpdir(), 'tickler-nocache-'));
  cpSync(dir, copy, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.includes('.tickler') });
  const out = await views(copy, list);
  rmSync(copy, { recursive: true, force: true });
  return out;
}

async function expectSameAsWithoutCache(dir: string, step: string): Promise<void> {
  const cached = await views(dir);
  expect(existsSync(join(dir, '.tickler', 'index')), step).toBe(true);
  // (and once more: the day views then print the output the first runs kept)
  const again = await views(dir);
  const fresh = await viewsWithoutCache(dir);
  cached.forEach((out, i) => expect(out, `${step}: ${VIEWS[i]!.join(' ')}`).toBe(fresh[i]));
  again.forEach((out, i) => expect(out, `${step}, again: ${VIEWS[i]!.join(' ')}`).toBe(fresh[i]));
}

const dossier = (name: string, date: string, extra = '') => `name: ${name}\nowner: alice\nstage: negotiation\nnext:\n  date: ${date}\n  action: call\n${extra}`;

function settle(dir: string): void {
  for (const name of readdirSync(join(dir, 'clients'))) utimesSync(join(dir, 'clients', name), OLD, OLD);
}

/** What the index points to: its segments of summaries. */
function indexSegments(dir: string): string[] {
  const bytes = readFileSync(join(dir, '.tickler', 'index'));
  return (JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString('utf8')) as { segments: string[] }).segments;
}

/** A book big enough for a first run on two threads, with files the fast reader leaves to the full one. */
function bigBook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-threads-'));
  writeFileSync(join(dir, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: {}\n  bob: {}\n');
  mkdirSync(join(dir, 'clients'));
  for (let n = 0; n < 2400; n++) {
    const due = `2026-11-${String(10 + (n % 20)).padStart(2, '0')}`;
    const broken = n % 397 === 0 ? 'nxt: oops\n' : '';
    const folded = n === 7 || n === 2001 ? 'notes: >\n  folded\n  text\n' : '';
    writeFileSync(join(dir, 'clients', `client-${n}.yaml`), dossier(`Client ${n}`, due, `${broken}${folded}contacts:\n  - name: Person ${n}\n    birthday: 1970-11-${String(1 + (n % 28)).padStart(2, '0')}\n`).replace('owner: alice', `owner: ${n % 2 ? 'alice' : 'bob'}`));
  }
  settle(dir);
  return dir;
}

describe('the cache under .tickler/', () => {
  it('gives the answers of a run without it, after every kind of change', async () => {
    const dir = copyBook('basic');
    const clients = readdirSync(join(dir, 'clients')).filter((n) => n.endsWith('.yaml'));
    settle(dir);
    await expectSameAsWithoutCache(dir, 'first run');

    // An edit of the same size, with the old mtime put back: the ctime tells.
    const target = join(dir, 'clients', clients[0]!);
    const text = readFileSync(target, 'utf8');
    const edited = text.replace(/date: 2026-11-(\d\d)/, (_, d: string) => `date: 2026-11-${d === '23' ? '22' : '23'}`);
    expect([edited.length, edited !== text]).toEqual([text.length, true]);
    writeFileSync(target, edited);
    utimesSync(target, OLD, OLD);
    await expectSameAsWithoutCache(dir, 'same-size edit, same mtime');

    writeFileSync(join(dir, 'clients', 'nowy-klient.yaml'), dossier('Nowy Klient', '2026-11-23'));
    await expectSameAsWithoutCache(dir, 'added a dossier');
    unlinkSync(join(dir, 'clients', clients[1]!));
    await expectSameAsWithoutCache(dir, 'deleted a dossier');
    renameSync(join(dir, 'clients', 'nowy-klient.yaml'), join(dir, 'clients', 'stary-klient.yaml'));
    await expectSameAsWithoutCache(dir, 'renamed a dossier');
    utimesSync(join(dir, 'clients', clients[2]!), new Date(), new Date());
    await expectSameAsWithoutCache(dir, 'touched a dossier');

    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), 'name: Zepsuty\nnxt:\n  date: 2026-11-23\n');
    await expectSameAsWithoutCache(dir, 'a broken dossier (a problem, not an item)');
    // The book's own fields (tickler.yaml: segment) are checked by validate only.
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Naprawiony', '2026-11-20', 'segment: huge\n'));
    await expectSameAsWithoutCache(dir, 'a value outside a field of the book');
    expect((await views(dir))[4]).toContain('clients/zepsuty.yaml');

    // Duplicates: validate reads only the dossiers that share a phone or e-mail with another.
    const contacts = ['+48 111 222 331', '+48 111 222 332', '+48 111 222 333', 'a@b.example', '+48 602 444 555']
      .map((value, i) => `  - name: Osoba ${i}\n    ${value.includes('@') ? 'email' : 'phone'}: "${value}"\n`)
      .join('');
    writeFileSync(join(dir, 'clients', 'duplikat.yaml'), dossier('Duplikat', '2026-12-01', `contacts:\n${contacts}`));
    await expectSameAsWithoutCache(dir, 'a likely duplicate');
    expect((await views(dir))[4]).toContain('duplicate-client');
    unlinkSync(join(dir, 'clients', 'duplikat.yaml'));
    await expectSameAsWithoutCache(dir, 'the duplicate gone');

    writeFileSync(join(dir, 'clients', 'stary-klient.yaml'), dossier('Stary Klient', '2027-06-01', 'cover: { by: carol, until: 2026-11-30 }\n'));
    await expectSameAsWithoutCache(dir, 'refiled far ahead, with a cover');

    const settings = join(dir, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('closed-stages: [dormant, lost]', 'closed-stages: [dormant, lost, retention]'));
    await expectSameAsWithoutCache(dir, 'settings changed');

    const logged = cli(['log', 'stary-klient', '--outcome', 'reached', '--next', '2026-11-24', ...day], { cwd: dir, env: { TICKLER_USER: 'alice', TICKLER_NOW: '2026-11-23T09:15:00Z' } });
    expect(logged.err).toBe('');
    await expectSameAsWithoutCache(dir, 'after log');
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('prints kept output only for the same book and the same way of printing', async () => {
    const dir = copyBook('basic');
    settle(dir);
    const today = ['today', ...day];
    const outputFiles = () => readdirSync(join(dir, ".tickler")).filter((n) => n.startsWith("output-")).map((n) => `${n} ${statSync(join(dir, ".tickler", n)).ino}`).sort();
    // `unwritten`: no output is kept by this run (kept outputs are written anew, so a new inode tells): the one an earlier run kept is printed, or (for a
    // book with a dossier changed too recently to be kept) one is made and not kept. Whichever, it
    // is what a run without the cache prints.
    const expectPage = async (args: string[], unwritten: boolean, step: string) => {
      const before = existsSync(join(dir, '.tickler')) ? outputFiles() : [];
      const result = await run(args, { cwd: dir });
      expect(outputFiles().every((f) => before.includes(f)), step).toBe(unwritten);
      expect([result.out], step).toEqual(await viewsWithoutCache(dir, [args]));
    };
    await expectPage(today, false, 'first run');
    await expectPage(today, true, 'nothing changed');
    await expectPage([...today, '--format', 'json'], false, 'as JSON');
    await expectPage([...today, '--format', 'json'], true, 'as JSON again');
    await expectPage(today, true, 'the text is still kept');
    await expectPage(['today', '--today', '2026-11-24'], false, 'another day');
    await expectPage(['today', '--owner', 'bob', ...day], false, "a member's day");
    await expectPage(['agenda', '--days', '1', ...day], false, 'the agenda of one day');
    await expectPage(['agenda', '--days', '1', ...day], true, 'the agenda of one day again');
    await expectPage(['today', '--no-color', ...day], true, 'without colour, as off a terminal anyway');
    const far = join(dir, 'clients', 'far-ahead.yaml');
    writeFileSync(far, dossier('Far Ahead', '2027-06-01'));
    utimesSync(far, OLD, OLD);
    await expectPage(today, false, 'a dossier added (far ahead)');
    await expectPage(today, true, 'a dossier added, next run');
    writeFileSync(far, dossier('Far Ahead', '2026-11-23'));
    await expectPage(today, true, 'that dossier refiled to today just now: the page made, not kept');
    await expectPage(today, true, 'that dossier still settling: made again, not kept');
    utimesSync(far, OLD, OLD);
    await expectPage(today, false, 'settled');
    await expectPage(today, true, 'settled, next run');
    for (const name of readdirSync(join(dir, '.tickler')).filter((n) => n.startsWith('output-'))) writeFileSync(join(dir, '.tickler', name), 'not the page');
    await expectPage(today, false, 'garbled output');
    await expectPage(today, true, 'garbled output replaced');
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('keeps its answers through many small changes (segments added, then compacted)', async () => {
    const dir = copyBook('basic');
    settle(dir);
    for (let round = 0; round < 12; round++) {
      const file = join(dir, 'clients', `klient-${round}.yaml`);
      writeFileSync(file, dossier(`Klient ${round}`, `2026-11-${String(20 + (round % 8)).padStart(2, '0')}`));
      utimesSync(file, OLD, OLD);
      expect((await run(['today', ...day], { cwd: dir })).err).toBe('');
      expect(indexSegments(dir).length, `round ${round}`).toBeLessThanOrEqual(9);
    }
    await expectSameAsWithoutCache(dir, 'after twelve small changes');
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('validate checks the book\'s own fields in a linked dossier, and finds duplicates through links', async () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zz-real.yaml'), dossier('Prawdziwy', '2026-12-01', 'segment: huge\n'));
    symlinkSync('zz-real.yaml', join(dir, 'clients', 'zz-link.yaml'));
    mkdirSync(join(dir, 'clients', 'sub'));
    const person = (phone: string) => `contacts:\n  - name: Jan\n    phone: "${phone}"\n`;
    writeFileSync(join(dir, 'clients', 'sub', 'alpha.yaml'), dossier('Alpha', '2026-12-02', person('+48 500 600 700')));
    symlinkSync('sub/alpha.yaml', join(dir, 'clients', 'alpha.yaml'));
    writeFileSync(join(dir, 'clients', 'zz-beta.yaml'), dossier('Beta', '2026-12-03', person('+48 500 600 700')));
    settle(dir);
    const args = ['validate', '--format', 'json', ...day];
    const first = (await run(args, { cwd: dir })).out;
    for (const expected of ['clients/zz-link.yaml', 'clients/zz-real.yaml', 'same phone as clients/alpha.yaml']) expect(first).toContain(expected);
    expect((await run(args, { cwd: dir })).out).toBe(first);
    expect(await viewsWithoutCache(dir, [args])).toEqual([first]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('keeps the warnings of tickler.yaml for validate, whoever made the cache', async () => {
    const dir = copyBook('basic');
    const settings = join(dir, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^team:\n/m, 'team:\n  dave: { name: No }\n'));
    expect((await run(['today', ...day], { cwd: dir })).err).toBe('');
    expect((await run(['validate', 'tickler.yaml', '--format', 'json', ...day], { cwd: dir })).out).toContain('yaml11');
    expect((await run(['validate', '--format', 'json', ...day], { cwd: dir })).out).toContain('yaml11');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('works when the disk fills up while it is written (nothing kept, or files cut short)', async () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Zepsuty', '2026-11-23', 'segment: huge\n'));
    settle(dir);
    const expected = await viewsWithoutCache(dir);
    // ulimit -f counts blocks of 1 KiB in sh and bash: 0 fails every write, 8 cuts files at 8 KiB
    for (const limit of [0, 8]) {
      rmSync(join(dir, '.tickler'), { recursive: true, force: true });
      for (const [i, args] of VIEWS.entries()) {
        const limited = spawnSync('sh', ['-c', `ulimit -f ${limit}; exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
        expect(limited.stderr, `ulimit -f ${limit}: ${args.join(' ')}`).toBe('');
        expect(limited.stdout, `ulimit -f ${limit}: ${args.join(' ')}`).toBe(expected[i]);
      }
      expect(await views(dir), `after ulimit -f ${limit}`).toEqual(expected);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('is rebuilt when corrupt or foreign, and is not needed when it cannot be written', async () => {
    const dir = copyBook('basic');
    writeFileSync(join(dir, 'clients', 'zepsuty.yaml'), dossier('Zepsuty', '2026-11-23', 'segment: huge\n'));
    settle(dir);
    const expected = await viewsWithoutCache(dir);
    expect(await views(dir)).toEqual(expected);
    const index = join(dir, '.tickler', 'index');
    const good = readFileSync(index);
    for (const bad of [good.subarray(0, good.length - 5), Buffer.concat([good.subarray(0, good.length - 16), Buffer.alloc(16, 0xff)]), Buffer.from('{"version": 2, "rows": [["x", 1')]) {
      writeFileSync(index, bad);
      expect(await views(dir)).toEqual(expected);
    }
    // Segments gone from under the index: their files are read again.
    for (const name of readdirSync(join(dir, '.tickler'))) if (name.startsWith('summaries-')) unlinkSync(join(dir, '.tickler', name));
    expect(await views(dir)).toEqual(expected);
    // .tickler cannot be made (a file stands in its way): everything works, only slower.
    rmSync(join(dir, '.tickler'), { recursive: true, force: true });
    writeFileSync(join(dir, '.tickler'), 'not a directory');
    expect(await views(dir)).toEqual(expected);
    expect(readFileSync(join(dir, '.tickler'), 'utf8')).toBe('not a directory');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('trusts no cache file one byte of which changed, wherever it is', async () => {
    const dir = copyBook('basic');
    settle(dir);
    const checks = [['today', ...day], ['today', '--format', 'json', ...day], ['list', '--format', 'json', ...day], ['validate', '--format', 'json', ...day]];
    const expected = await viewsWithoutCache(dir, checks);
    expect(await views(dir, checks)).toEqual(expected);
    const cache = join(dir, '.tickler');
    const kept = new Map(readdirSync(cache).filter((name) => name !== '.gitignore').map((name) => [name, readFileSync(join(cache, name))]));
    for (const pattern of [/^index$/, /^rows-/, /^settings\.json$/, /^summaries-/, /^output-/]) expect([...kept.keys()].some((name) => pattern.test(name)), String(pattern)).toBe(true);
    // a digit for another, a letter for another, any other byte with its lowest bit flipped
    const changed = (byte: number) => (byte >= 0x30 && byte <= 0x39 ? 0x30 + ((byte - 0x2f) % 10) : byte >= 0x61 && byte <= 0x7a ? 0x61 + ((byte - 0x60) % 26) : byte ^ 1);
    for (const [name, bytes] of kept) {
      // near the start, the middle, just before the seal, the seal itself, a client's name
      const aName = bytes.indexOf('"name":"') + 8;
      for (const at of [3, bytes.length >> 1, bytes.length - 12, bytes.length - 4, ...(aName >= 8 ? [aName] : [])]) {
        for (const [other, good] of kept) writeFileSync(join(cache, other), good);
        const bad = Buffer.from(bytes);
        bad[at] = changed(bad[at]!);
        writeFileSync(join(cache, name), bad);
        expect(await views(dir, checks), `${name}, byte ${at} of ${bytes.length}`).toEqual(expected);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('does not write the index again for a symlinked dossier alone', async () => {
    const dir = copyBook('basic');
    symlinkSync(readdirSync(join(dir, 'clients')).sort()[0]!, join(dir, 'clients', 'zz-link.yaml'));
    settle(dir);
    const expected = await viewsWithoutCache(dir);
    expect(await views(dir)).toEqual(expected);
    const index = join(dir, '.tickler', 'index');
    const before = statSync(index);
    expect(await views(dir)).toEqual(expected);
    const after = statSync(index);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('notices a link pointed elsewhere, even at the same file by a path out of clients/ (found by review)', async () => {
    const dir = copyBook('basic');
    const outside = mkdtempSync(join(tmpdir(), 'tickler-outside-'));
    // The same file (a hard link) under a path outside the book.
    linkSync(join(dir, 'clients', 'zeta.yaml'), join(outside, 'zeta.yaml'));
    symlinkSync('zeta.yaml', join(dir, 'clients', 'link.yaml'));
    settle(dir);
    await expectSameAsWithoutCache(dir, 'a link inside clients/');
    rmSync(join(dir, 'clients', 'link.yaml'));
    symlinkSync(join(outside, 'zeta.yaml'), join(dir, 'clients', 'link.yaml'));
    await expectSameAsWithoutCache(dir, 'the link pointed out of the book');
    expect((await views(dir))[4]).toContain('link-outside');
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }, 60_000);

  it('gives the same answer on every run for settings with numbers JSON has not (.inf) (found by review)', async () => {
    const dir = copyBook('basic');
    const settings = join(dir, 'tickler.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace(/^fields:\n/m, 'fields:\n  score: { type: number, maximum: .inf }\n'));
    expect(readFileSync(settings, 'utf8')).toContain('maximum: .inf');
    const first = await run(['validate', '--format', 'json', ...day], { cwd: dir });
    const second = await run(['validate', '--format', 'json', ...day], { cwd: dir });
    expect(second.out).toBe(first.out);
    expect(first.out).not.toContain('bad-field-schema');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('a first run on two threads (a big book) gives what one thread gives, and so does a failing second thread', async () => {
    const a = bigBook();
    const b = mkdtempSync(join(tmpdir(), 'tickler-one-thread-'));
    cpSync(a, b, { recursive: true });
    for (const args of [['today', '--format', 'json'], ['list', '--format', 'json']]) {
      // The built CLI reads the first run on two threads; the in-process run (from source) on one.
      rmSync(join(a, '.tickler'), { recursive: true, force: true });
      rmSync(join(b, '.tickler'), { recursive: true, force: true });
      const two = cli([...args, ...day], { cwd: a });
      const one = await run([...args, ...day], { cwd: b });
      expect(two.err).toBe('');
      expect(two.out).toBe(one.out);
      expect(indexSegments(a)).toHaveLength(2); // this thread's segment and the worker's
      // and from the cache it built, every summary of either thread reading back as written
      expect(cli([...args, ...day], { cwd: a }).out).toBe(one.out);
    }
    const expected = (await run(['today', '--format', 'json', ...day], { cwd: b })).out;
    // tickler as installed, but with a worker that fails as it starts, or after its first files
    for (const [how, code] of [
      ['at once', "throw new Error('a broken worker');"],
      ['midway', "let reads = 0; const fs = require('node:fs'); const open = fs.openSync; fs.openSync = (...args) => (++reads > 300 ? process.exit(3) : open(...args));\n"],
    ] as const) {
      const copy = mkdtempSync(join(tmpdir(), 'tickler-copy-'));
      for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
      const worker = join(copy, 'dist', 'worker.cjs');
      writeFileSync(worker, how === 'at once' ? code : code + readFileSync(worker, 'utf8'));
      rmSync(join(a, '.tickler'), { recursive: true, force: true });
      const result = spawnSync(process.execPath, [join(copy, 'bin', 'tickler.js'), 'today', '--format', 'json', ...day], { cwd: a, encoding: 'utf8' });
      expect({ how, err: result.stderr, status: result.status }).toEqual({ how, err: '', status: 0 });
      expect(result.stdout).toBe(expected);
      expect(cli(['today', '--format', 'json', ...day], { cwd: a }).out).toBe(expected);
      rmSync(copy, { recursive: true, force: true });
    }
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }, 120_000);
});
