// The quick reader of dossiers (dossier-read.ts) against the full one (parse.ts): whenever it takes
// a file, the same warnings at the same positions, in the mode first runs use ('complete'). Texts:
// every fixture dossier, and variants with warnings (no next contact: after a header comment, with
// CRLF line ends, with an owner not in the team, with comments after the first key).
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dossierContext, plainDossier, quickDossier } from '../../src/book/dossier-read.js';
import { loadDossier, loadSettings, parseDossierBytes } from '../../src/book/parse.js';
import { BOOKS } from '../helpers.js';

/** A text without its `next:` block (a dropped ball, unless it has a cadence or a closed stage). */
const withoutNext = (text: string) => text.replace(/^next:.*\r?\n(?:[ \t].*\r?\n)*/m, '');
const withOwner = (text: string, owner: string) => text.replace(/^owner: .*$/m, `owner: ${owner}`);

describe('the quick reader of dossiers', () => {
  it('gives the full reader\'s warnings, placed as it places them, for every file it takes', () => {
    let compared = 0;
    let warned = 0;
    for (const book of readdirSync(BOOKS)) {
      let names: string[];
      try {
        names = readdirSync(join(BOOKS, book, 'clients')).filter((n) => n.endsWith('.yaml'));
      } catch {
        continue;
      }
      const context = dossierContext(loadSettings(join(BOOKS, book)).settings, undefined, 'complete');
      for (const name of names) {
        const original = readFileSync(join(BOOKS, book, 'clients', name), 'utf8').replace(/^\ufeff/, '');
        const id = name.replace(/\.yaml$/, '');
        const dropped = withoutNext(original);
        // (comments after the first key: the located reader declines them, a dropped ball is placed all the same)
        const commented = dropped.replace(/\n([a-z])/, '\n# a comment\n$1').replace(/\n$/, '\n# the end\n');
        for (const text of [original, dropped, `# header\n\n${dropped}`, withOwner(dropped, 'nobody-here'), dropped.replace(/\n/g, '\r\n'), commented, commented.replace(/\n/g, '\r\n')]) {
          const quick = plainDossier(id, `clients/${name}`, text, context);
          if (!quick) continue;
          const full = parseDossierBytes(id, Buffer.from(text, 'utf8'), { ...context, fast: false });
          expect(quick.problems ?? [], `${book}/${name}: ${JSON.stringify(text.slice(0, 80))}`).toEqual(full);
          compared++;
          if (full.length > 0) warned++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40);
    expect(warned).toBeGreaterThan(10);
  });

  it('reads files from disk as the full reader does: ASCII, letters beyond it, a BOM; declines control characters', () => {
    const root = mkdtempSync(join(tmpdir(), 'tickler-quick-'));
    try {
      mkdirSync(join(root, 'clients'));
      const context = dossierContext(loadSettings(join(BOOKS, 'basic')).settings, undefined, true);
      const base = 'name: Zakład „Łąka“ — Ёлка\nnext:\n  date: 2026-12-02\n  action: call\nnotes: |\n  Żółć, ёж, ā ē ī, 😀\n';
      const texts: [string, string][] = [
        ['ascii', 'name: Plain Ltd\nnext:\n  date: 2026-12-02\n  action: call\n'],
        ['wide', base],
        ['bom', `\ufeff${base}`],
        ['latin', 'name: Café Müller\nnext:\n  date: 2026-12-02\n  action: call\n'],
      ];
      for (const [id, text] of texts) {
        writeFileSync(join(root, 'clients', `${id}.yaml`), text);
        const quick = quickDossier(root, `${id}.yaml`, context);
        expect(quick?.dossier, id).toBeDefined();
        expect(quick!.dossier).toEqual(loadDossier(root, `${id}.yaml`, { ...context, fast: false }).dossier);
      }
      expect(quickDossier(root, 'wide.yaml', context)!.dossier!.notes).toBe('Żółć, ёж, ā ē ī, 😀\n');
      // NEL (a C1 control), a line separator, a BOM inside: the full reader must look
      for (const [id, odd] of [['nel', '\u0085'], ['separator', '\u2028'], ['inner-bom', '\ufeff']]) {
        writeFileSync(join(root, 'clients', `${id}.yaml`), base.replace('ёж', `ё${odd}ж`));
        expect(quickDossier(root, `${id}.yaml`, context), id).toBeUndefined();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
