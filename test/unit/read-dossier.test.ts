// Reading a dossier from its bytes, without the file system: the fast parser (js-yaml) and the
// full one (yaml) give the same values, every problem comes with its place, and what an edit
// needs comes with an editable dossier.
import { basename } from 'node:path';
import fc from 'fast-check';
import { runs } from '../fuzz.js';
import { describe, expect, it } from 'vitest';
import { dossierContext, isEditable, parseDossier, parseDossierForEdit } from '../../src/book/read/dossier.js';
import { parseYamlText, readYamlFast } from '../../src/book/read/yaml.js';
import { settingsFrom } from '../../src/core/settings.js';
import { fixtureYamlFiles } from '../helpers.js';

const context = dossierContext(settingsFrom({ team: { alice: {}, bob: {}, carol: {} }, fields: { segment: { enum: ['smb', 'mid', 'enterprise'] } } }));
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseDossier', () => {
  it('reads every fixture dossier as the full parser does, problems and all', () => {
    const files = fixtureYamlFiles(true);
    expect(files.length).toBeGreaterThan(30);
    for (const { path, text } of files) {
      const id = basename(path, '.yaml');
      const fast = parseDossier(id, bytes(text), context);
      const full = parseDossierForEdit(id, bytes(text), context);
      expect(fast.dossier, path).toEqual(full.dossier);
      expect(fast.problems, path).toEqual(full.problems);
      expect(isEditable(full), path).toBe(full.dossier !== undefined);
    }
  });

  it('places every problem, and a YAML 1.1 look-alike the fast parser saw too', () => {
    const text = 'name: Acme\nowner: alcie\nnext:\n  date: 2026-11-24\n  time: 10:30\n';
    const { dossier, problems } = parseDossier('acme', bytes(text), context);
    expect(dossier).toBeUndefined();
    expect(problems.map((p) => `${p.line}:${p.column} ${p.severity} ${p.rule}`)).toEqual(['2:8 error unknown-member', '5:9 warning yaml11-lookalike']);
    const lookAlikeOnly = parseDossier('acme', bytes('name: Acme\nnext: { date: 2026-11-24 }\nnotes: no\n'), context);
    expect(lookAlikeOnly.dossier?.notes).toBe('no');
    expect(lookAlikeOnly.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual(['3:8 yaml11-lookalike']);
  });

  it('places findings made later (a date, the whole book) in the file', () => {
    const parsed = parseDossier('acme', bytes('name: Acme\nnext:\n  date: 2026-11-24\ncover: { by: bob, until: 2026-11-30 }\n'), context);
    expect(parsed.problems).toEqual([]);
    const [placed] = parsed.place([{ path: ['cover', 'until'], severity: 'warning', rule: 'expired-cover', message: 'ended' }]);
    expect(placed).toMatchObject({ file: "clients/acme.yaml", line: 4, column: 26, rule: "expired-cover" });
  });

  it('refuses ids that are not client ids, and files that are not dossiers', () => {
    expect(parseDossier('../etc', bytes('name: x\n'), context).problems[0]!.rule).toBe('bad-id');
    expect(parseDossier('acme', bytes('- a\n- b\n'), context).problems[0]!.rule).toBe('not-a-mapping');
    expect(parseDossier('acme', Buffer.from([0x6e, 0x3a, 0xff, 0x0a]), context).problems[0]!.rule).toBe('invalid-utf8');
  });

  it('gives an editable dossier its text, BOM and nodes', () => {
    const parsed = parseDossierForEdit('acme', bytes('\ufeffname: Acme\r\nnext:\r\n  date: 2026-11-24\r\n'), context);
    expect(isEditable(parsed)).toBe(true);
    if (!isEditable(parsed)) return;
    expect(parsed.bom).toBe(true);
    expect(parsed.text.startsWith('name: Acme\r\n')).toBe(true);
    expect(parsed.tree?.kind).toBe('map');
  });
});

describe('the fast parser', () => {
  it('accepts no text the full parser finds a problem in: anchors, aliases, tags and the rest go to it (property)', () => {
    const base = 'name: Smith & Sons\nowner: alice\nstage: lead\ntags: [a, b]\ncontacts:\n  - name: Jan\n    phone: "+48 600 100 200"\nnext:\n  date: 2026-11-24\n  note: Ask! Really.\nlog:\n  - at: 2026-11-20T10:00+01:00\n    by: alice\n    outcome: reached\nnotes: |\n  5% off\n';
    const insert = fc.constantFrom('&a ', '*a', '!!str ', '!x ', '&', '!', '*', ': ', ':', '~: x', '? ', '<<: ', '%YAML 1.1\n', '---\n', '\t', '- ', ' #', '\n', '[', '{', ',', 'no', '07', '1:2',
      '\r', '\r\n', '#', "'", '"', '  \n', '    \n', '|\n', '|+\n', '>1\n', '|-\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(base.length), insert), { minLength: 1, maxLength: 3 }), (edits) => {
        let text = base;
        for (const [at, piece] of edits) text = text.slice(0, at % (text.length + 1)) + piece + text.slice(at % (text.length + 1));
        const fast = parseDossier('acme', bytes(text), context);
        const full = parseDossierForEdit('acme', bytes(text), context);
        expect(fast.problems, text).toEqual(full.problems);
        expect(fast.dossier, text).toEqual(full.dossier);
      }),
      { numRuns: runs(3000) },
    );
  });

  it.each([
    ["a comment right after a closing quote", "name: 'Zeta'# renamed\nnext: {date: 2026-11-24}\n"],
    ['a block scalar whose first line is spaces only, deeper than the text', 'name: Zeta\nnotes: |\n    \n  # Prefers calls\n'],
    ['a lone CR between keys', 'name: Acme\rnotes: x\n'],
    ['a lone CR in a quoted value', 'name: Acme\nnotes: "call\rback"\n'],
    ['a lone CR in a block scalar', 'name: Acme\nnotes: |\n  a\r  b\n'],
    ['a kept block scalar ending in a line of spaces', 'name: Acme\nnotes: |+\n  Prefers calls\n  '],
    ['an indented block scalar with a line of spaces', 'name: Acme\nnotes: >1\n  a\n  \n'],
  ])('agrees with the full parser on %s (found by review)', (_, text) => {
    const fast = parseDossier('zeta', bytes(text), context);
    const full = parseDossierForEdit('zeta', bytes(text), context);
    expect(fast.problems).toEqual(full.problems);
    expect(fast.dossier).toEqual(full.dossier);
  });

  it('reads any plain, quoted or flow value as the full parser does (property)', () => {
    const plain = fc.oneof(
      fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', '~', 'null', 'Null', 'true', 'False', '10:30', '1:2:3', '0123', '+0', '-7', '007', '0.5', '.5', '1e3', '1E-2', '.inf', '-.Inf', '.nan', '0x1f', '0o17', '2026-11-24', 'Łódź', 'a: b', '#x', '- x'),
      fc.stringMatching(/^[a-z0-9.+\-:~ ]{1,8}$/),
    );
    const value = fc.oneof(plain, plain.map((v) => JSON.stringify(v)), plain.map((v) => `[${v}, x]`), plain.map((v) => `{ k: ${v} }`));
    fc.assert(
      fc.property(value, (v) => {
        const text = `key: ${v}\n`;
        const doc = parseYamlText(text);
        const fast = readYamlFast(text);
        if (doc.errors.length > 0 || !fast) return;
        expect(fast.data).toEqual(doc.toJS());
      }),
      { numRuns: runs(3000) },
    );
  });
});
