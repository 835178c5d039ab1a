// Day files: a summary kept as a card comes back as a dossier that every day view treats as the
// original, and only for the very version of the file it was made from.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summaryOf, type Stamp, type Summary } from '../../src/book/cache.js';
import { DayFile, PageParts, dayKey, readPage, writePage } from '../../src/book/day-file.js';
import { sealed } from '../helpers.js';
import { settingsFrom } from '../../src/book/settings.js';
import { agenda, today } from '../../src/core/agenda.js';
import type { Dossier } from '../../src/core/model.js';

const root = mkdtempSync(join(tmpdir(), 'tickler-day-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const settings = settingsFrom({ team: { alice: {}, bob: {} }, 'closed-stages': ['lost'], stages: ['lead', 'negotiation', 'lost'] });
const base = (id: string, fields: Partial<Dossier>): Dossier => ({
  id, file: `clients/${id}.yaml`, name: `Name of ${id}`, priority: 'normal', tags: ['t1', 'riga'], contacts: [], complaints: [], log: [], extra: { segment: 'x' }, notes: 'long notes', ...fields,
});
const dossiers: Dossier[] = [
  base('a', { owner: 'alice', stage: 'negotiation', priority: 'high', next: { date: '2026-11-23', time: '10:30', action: 'call', note: 'Ask' }, offer: '10 pallets',
    contacts: [{ name: 'Jan', role: 'Buyer', phone: '+48 1', email: 'jan@example.com', birthday: '1970-11-23' }, { name: 'Ewa', birthday: '--11-24' }],
    log: [{ at: '2026-11-01T10:00+01:00', by: 'alice', action: 'call', outcome: 'reached', summary: 'Fine', next: '2026-11-23' }, { at: '2026-11-02T10:00+01:00', action: 'note', summary: 'n' }] }),
  base('b', { owner: 'bob', cadence: { count: 2, unit: 'w' }, log: [{ at: '2026-11-05T09:00+01:00', by: 'bob', outcome: 'no-answer' }], cover: { by: 'alice', until: '2026-11-30' } }),
  base('c', { owner: 'alice', stage: 'lead', complaints: [{ opened: '2026-11-20', summary: 'Late', due: '2026-11-22' }, { opened: '2026-10-01', summary: 'Old', resolved: '2026-10-02' }] }),
  base('d', { owner: 'bob', stage: 'lost' }),
];
const summaries: Summary[] = [...dossiers.map((d) => ({ dossier: summaryOf(d), problems: [], custom: [] })), { problems: [{ file: 'clients/e.yaml', line: 1, column: 1, severity: 'error', rule: 'yaml-syntax', message: 'bad' }], custom: [] }];
const names = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml', 'e.yaml'];
const stamps: Stamp[] = names.map((_, i) => [100 + i, 1_700_000_000_123.456 + i, 42 + i, 1_700_000_000_999.5 + i]);
const key = dayKey('build', 'settings', { until: 20261130, birthdays: new Set([1123, 1124]), owner: 'alice' });

describe('day files', () => {
  DayFile.write(root, key, names.map((name, i) => ({ name, stamp: stamps[i]!, summary: summaries[i]! })));
  const day = DayFile.read(root, key)!;

  it('give back dossiers on which every day view answers as on the originals', () => {
    const back = names.map((name, i) => day.summaryOf(name, ...stamps[i]!));
    expect(back[4]).toEqual(summaries[4]);
    const original = summaries.flatMap((s) => (s.dossier ? [s.dossier] : []));
    const kept = back.flatMap((s) => (s?.dossier ? [s.dossier] : []));
    expect(kept).toHaveLength(4);
    for (const date of ['2026-11-23', '2026-11-24', '2026-12-01']) {
      for (const scope of [{}, { owner: 'alice' }, { owner: 'bob' }]) {
        expect(today(kept, settings, date, scope)).toEqual(today(original, settings, date, scope));
        expect(agenda(kept, settings, date, [date, '2026-12-05', '2026-12-10'], scope)).toEqual(agenda(original, settings, date, [date, '2026-12-05', '2026-12-10'], scope));
      }
    }
    // what no day view shows is left out
    expect(kept[0]!.tags).toEqual([]);
    expect(kept[0]!.notes).toBeUndefined();
  });

  it('are used only for the same version of the same file, and under the same key', () => {
    const [size, mtime, ino, ctime] = stamps[0]!;
    expect(day.summaryOf('a.yaml', size, mtime, ino, ctime)).toBeDefined();
    expect(day.summaryOf('a.yaml', size + 1, mtime, ino, ctime)).toBeUndefined();
    expect(day.summaryOf('a.yaml', size, mtime + 0.001, ino, ctime)).toBeUndefined();
    expect(day.summaryOf('a.yaml', size, mtime, ino + 1, ctime)).toBeUndefined();
    expect(day.summaryOf('a.yaml', size, mtime, ino, ctime + 1)).toBeUndefined();
    expect(day.summaryOf('zz.yaml', size, mtime, ino, ctime)).toBeUndefined();
    expect(DayFile.read(root, dayKey('build', 'settings', { until: 20261130, birthdays: new Set([1123, 1124]) }))).toBeUndefined();
    expect(DayFile.read(root, dayKey('other build', 'settings', { until: 20261130, birthdays: new Set([1123, 1124]), owner: 'alice' }))).toBeUndefined();
  });

  it('are ignored when garbled, and only a few are kept', () => {
    const [file] = readdirSync(join(root, '.tickler')).filter((n) => n.startsWith('day-'));
    const path = join(root, '.tickler', file!);
    writeFileSync(path, sealed(`${key}\n0123456789abcdef\n["a.yaml"]\n[1,2,3]\n[]\n`));
    expect(DayFile.read(root, key)).toBeUndefined();
    writeFileSync(path, sealed(`${key}\n0123456789abcdef\n["a.yaml"]\n[1,2,3,4]\nnot json\n`));
    expect(DayFile.read(root, key)).toBeDefined();
    expect(DayFile.read(root, key)?.summaryOf('a.yaml', 1, 2, 3, 4)).toBeUndefined();
    writeFileSync(path, sealed(`${key}\n0123456789abcdef\n["a.yaml"]\n[1,2,3,4]\n{"p":[]}\n{"p":[]}\n`));
    expect(DayFile.read(root, key)?.summaryOf('a.yaml', 1, 2, 3, 4)).toBeUndefined(); // one card too many
    writeFileSync(path, sealed(`${key}\n0123456789abcdef\n["a.yaml","b.yaml"]\n[1,2,3,4,5,6,7,8]\n{"p":[]}\n{"p":[]}`));
    expect(DayFile.read(root, key)?.summaryOf('a.yaml', 1, 2, 3, 4)).toBeUndefined(); // the last line cut short
    writeFileSync(path, sealed(`${key}\n0123456789abcdef\n["a.yaml","b.yaml"]\n[1,2,3,4,5,6,7,8]\n{"p":[]}\n{"p":["ł"]}\n`));
    expect(DayFile.read(root, key)?.summaryOf('b.yaml', 5, 6, 7, 8)).toEqual({ problems: ['ł'], custom: [] });
    for (let n = 0; n < 7; n++) DayFile.write(root, dayKey('build', 'settings', { until: 20261200 + n, birthdays: new Set() }), []);
    expect(readdirSync(join(root, '.tickler')).filter((n) => n.startsWith('day-')).length).toBeLessThanOrEqual(4);
  });

  it('keep a page under the id of one writing of a day file and the key of the page', () => {
    const id = DayFile.write(root, key, names.map((name, i) => ({ name, stamp: stamps[i]!, summary: summaries[i]! })))!;
    const again = DayFile.read(root, key)!;
    expect(again.id).toBe(id);
    expect(again.has('a.yaml', ...stamps[0]!)).toBe(true);
    expect(again.has('a.yaml', stamps[0]![0] + 1, stamps[0]![1], stamps[0]![2], stamps[0]![3])).toBe(false);
    writePage(root, id, 'view A', { text: 'the page\nwith lines\n', problems: 2 });
    const page = readPage(root, id, 'view A')!;
    expect([Buffer.from(page.text).toString('utf8'), page.problems]).toEqual(['the page\nwith lines\n', 2]);
    expect(readPage(root, id, 'view B')).toBeUndefined();
    // a new day file copies the cards of unchanged files, and makes the others
    const changed: Stamp = [1, 2, 3, 4];
    const next = DayFile.write(root, key, names.map((name, i) => ({ name, stamp: i === 0 ? changed : stamps[i]!, summary: summaries[i === 0 ? 2 : i]! })), again)!;
    const third = DayFile.read(root, key)!;
    expect(third.id).toBe(next);
    expect(third.summaryOf('a.yaml', ...changed)?.dossier?.name).toBe('Name of c');
    expect(third.summaryOf('b.yaml', ...stamps[1]!)).toEqual(again.summaryOf('b.yaml', ...stamps[1]!));
    // a file without a summary has its card copied, and without a card to copy there is no day file
    const copied = DayFile.write(root, key, names.map((name, i) => ({ name, stamp: stamps[i]! })), again)!;
    expect(DayFile.read(root, key)!.summaryOf('e.yaml', ...stamps[4]!)).toEqual(summaries[4]);
    expect(copied).toBeDefined();
    expect(DayFile.write(root, key, [{ name: 'a.yaml', stamp: changed }], again)).toBeUndefined();
    const rewritten = DayFile.write(root, key, [])!;
    expect(rewritten).not.toBe(id);
    expect(readPage(root, rewritten, 'view A')).toBeUndefined();
  });

  it('keep the pieces of a page by file version, under the view and the page, their texts as bytes', () => {
    const text = (piece: { texts: Uint8Array } | undefined) => (piece ? Buffer.from(piece.texts).toString('utf8') : undefined);
    PageParts.write(root, key, 'page A', 24, [
      { name: 'a.yaml', stamp: stamps[0]!, keys: '[[1],[],[],[]]', texts: ['one', '+two'] },
      { name: 'b.yaml', stamp: stamps[1]!, keys: '["Łódź"]', texts: ['Łódź\nline'] },
      { name: 'c.yaml', stamp: stamps[2]!, keys: '[]', texts: [] },
    ]);
    const parts = PageParts.read(root, key, 'page A')!;
    expect(parts.width).toBe(24);
    const a = parts.pieceOf('a.yaml', ...stamps[0]!)!;
    expect(a.keys).toEqual([[1], [], [], []]);
    expect(text(a)).toBe('one+two');
    const b = parts.pieceOf('b.yaml', ...stamps[1]!)!;
    expect(b.keys).toEqual(['Łódź']);
    expect(text(b)).toBe('Łódź\nline');
    expect(text(parts.pieceOf('c.yaml', ...stamps[2]!))).toBe('');
    expect(parts.pieceOf('b.yaml', ...stamps[0]!)).toBeUndefined();
    expect(parts.pieceOf('d.yaml', ...stamps[3]!)).toBeUndefined();
    expect(PageParts.read(root, key, 'page B')).toBeUndefined();
    expect(PageParts.read(root, dayKey('other', 'settings', { until: 20261130, birthdays: new Set() }), 'page A')).toBeUndefined();
    // a new pieces file copies the bytes of kept pieces as they are, between new ones
    const c = parts.pieceOf('c.yaml', ...stamps[2]!)!;
    PageParts.write(root, key, 'page A', 24, [
      { name: 'b.yaml', stamp: stamps[1]!, kept: b },
      { name: 'c.yaml', stamp: stamps[2]!, kept: c },
      { name: 'd.yaml', stamp: stamps[3]!, keys: '[4]', texts: ['new'] },
      { name: 'a.yaml', stamp: stamps[0]!, kept: a },
    ]);
    const again = PageParts.read(root, key, 'page A')!;
    expect(text(again.pieceOf('b.yaml', ...stamps[1]!))).toBe('Łódź\nline');
    expect(again.pieceOf('c.yaml', ...stamps[2]!)!.keys).toEqual([]);
    expect(text(again.pieceOf('d.yaml', ...stamps[3]!))).toBe('new');
    expect(again.pieceOf('a.yaml', ...stamps[0]!)!.keys).toEqual([[1], [], [], []]);
    expect(text(again.pieceOf('a.yaml', ...stamps[0]!))).toBe('one+two');
    const [file] = readdirSync(join(root, '.tickler')).filter((n) => n.startsWith('parts-'));
    const path = join(root, '.tickler', file!);
    writeFileSync(path, sealed(`${JSON.stringify([6, key, 'page A', 24])}\n["a.yaml"]\n[1,2,3]\n[0]\n[]\n`));
    expect(PageParts.read(root, key, 'page A')).toBeUndefined();
    // the keys of another number of lines, texts of another size, a garbled line of keys: no pieces
    const head = `${JSON.stringify([6, key, 'page A', 24])}\n["a.yaml","b.yaml"]\n${JSON.stringify([...stamps[0]!, ...stamps[1]!])}\n[3,2]\n`;
    for (const body of ['[[1],[],[],[]]\nonebb', '[[1],[],[],[]]\n["b"]\noneb', '[[1],[],[],[]]\n["b"]\nonebbb', '[[1],[],[],[]]\n["b"\nonebb', `[[1],[],[],[]]\n\nonebb`]) {
      writeFileSync(path, sealed(head + body));
      const garbled = PageParts.read(root, key, 'page A');
      expect(garbled?.pieceOf('a.yaml', ...stamps[0]!)).toBeUndefined();
    }
    writeFileSync(path, sealed(`${head}[[1],[],[],[]]\n["b"]\nonebb`));
    const fit = PageParts.read(root, key, 'page A')!;
    expect(text(fit.pieceOf('a.yaml', ...stamps[0]!))).toBe('one');
    expect(text(fit.pieceOf('b.yaml', ...stamps[1]!))).toBe('bb');
  });
});
