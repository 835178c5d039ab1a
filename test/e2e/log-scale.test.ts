// `log` on one client of a big book reads that one dossier and nothing else of clients/; a
// comment in the file changes nothing about the edit.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliRecordingReads } from '../helpers.js';

describe('log on one client of 10,000', () => {
  it('opens only that dossier (its temporary file, the lock, the folder to flush the rename), and lists nothing', () => {
    const book = mkdtempSync(join(tmpdir(), 'tickler-scale-'));
    mkdirSync(join(book, 'clients'));
    writeFileSync(join(book, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: { email: alice@example.com }\n');
    for (let n = 0; n < 10_000; n++) {
      writeFileSync(join(book, 'clients', `client-${n}.yaml`), `name: Client ${n}\nowner: alice\nnext:\n  date: 2026-11-2${n % 10}\n  action: call\n`);
    }
    const result = cliRecordingReads(book, ['log', 'client-4321', '--outcome', 'reached', '--next', '2026-11-30', '--today', '2026-11-23'], {
      HOME: book,
      TICKLER_USER: 'alice',
      TICKLER_NOW: '2026-11-23T09:15:00Z',
    });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const touched = result.reads;
    expect(touched.length).toBeGreaterThan(0); // the recorder works
    // Allowed: the dossier, its temporary file, the book's lock (and its ticket), and the directory
    // itself opened to flush the rename.
    const others = touched.filter((line) => !/ clients(?:\/(?:client-4321\.yaml|\.client-4321\.yaml\.tmp|\.tickler\.lock(?:\.[0-9a-f]+\.tmp)?))?$/.test(line) || /^readdirSync/.test(line));
    expect(others).toEqual([]);
    expect(readFileSync(join(book, 'clients', 'client-4321.yaml'), 'utf8')).toContain('outcome: reached');
  }, 60_000);
});

describe('log on a plain dossier and on one with comments', () => {
  it('changes both to the same effect, the comment kept', () => {
    const book = mkdtempSync(join(tmpdir(), 'tickler-plain-'));
    mkdirSync(join(book, 'clients'));
    writeFileSync(join(book, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: { email: alice@example.com }\n');
    const plain = '# yaml-language-server: $schema=../schemas/dossier.schema.json\nname: Acme\nowner: alice\nnext:\n  date: 2026-11-23\n  action: call\nlog:\n  - at: 2026-11-20T10:00+01:00\n    by: alice\n    outcome: reached\nnotes: |\n  Calls before noon.\n';
    const commented = plain.replace('notes: |', '# the notes\nnotes: |');
    writeFileSync(join(book, 'clients', 'plain.yaml'), plain);
    writeFileSync(join(book, 'clients', 'commented.yaml'), commented);
    const env = { TICKLER_USER: 'alice', TICKLER_NOW: '2026-11-23T09:15:00Z', HOME: book };
    const log = (id: string) => cli(['log', id, '--outcome', 'reached', '--summary', 'Wants: 5% off', '--next', '2026-11-30', '--today', '2026-11-23'], { cwd: book, env });
    const first = log('plain');
    expect(first.code, first.err).toBe(0);
    const second = log('commented');
    expect(second.code, second.err).toBe(0);
    const after = readFileSync(join(book, 'clients', 'plain.yaml'), 'utf8');
    expect(after).toContain('    summary: "Wants: 5% off"\n    next: 2026-11-30\nnotes: |');
    expect(after).toContain('next:\n  date: 2026-11-30\n  action: call\n');
    expect(readFileSync(join(book, 'clients', 'commented.yaml'), 'utf8')).toBe(after.replace('notes: |', '# the notes\nnotes: |'));
  });
});
