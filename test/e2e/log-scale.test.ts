// `log` on one client of a big book reads that one dossier and nothing else of clients/.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliRecordingReads } from '../helpers.js';

describe('log on one client of 10,000', () => {
  it('opens only that dossier (its temporary file, the folder to flush the rename), and lists nothing', () => {
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
    // Allowed: the dossier, its temporary file, and the directory itself opened to flush the rename.
    const others = touched.filter((line) => !/ clients(?:\/(?:client-4321\.yaml|\.client-4321\.yaml\.[0-9a-f]+\.tmp))?$/.test(line) || /^readdirSync/.test(line));
    expect(others).toEqual([]);
    expect(readFileSync(join(book, 'clients', 'client-4321.yaml'), 'utf8')).toContain('outcome: reached');
  }, 60_000);
});
