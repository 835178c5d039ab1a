// The loader on hostile bytes (properties): arbitrary bytes, and real dossiers and settings with
// bytes changed, YAML's special characters put in, pieces repeated and cut. Whatever comes in,
// reading never throws and gives either a dossier or problems, each at a line and column of the
// file; the fast reader and the full one agree; and a file of a few KiB stays a few KiB in memory
// (aliases are never expanded: test/e2e/corpus.test.ts runs the commands under a heap cap).
import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dossierContext, parseDossier, parseDossierForEdit, type ParsedDossier } from '../../src/book/read/dossier.js';
import { parseSettings } from '../../src/book/read/settings.js';
import { settingsFrom } from '../../src/core/settings.js';
import { runs } from '../fuzz.js';
import { fixtureYamlFiles } from '../helpers.js';

const context = dossierContext(settingsFrom({ team: { alice: {}, bob: {}, carol: {} }, fields: { segment: { enum: ['smb', 'mid', 'enterprise'] } } }));
const samples = fixtureYamlFiles().map(({ path, text }) => ({ name: basename(path, '.yaml'), bytes: Buffer.from(text, 'utf8') }));
const dossiers = samples.filter((s) => s.name !== 'tickler');
const settingsFiles = samples.filter((s) => s.name === 'tickler');

/** What YAML gives meaning to, and what breaks text: inserted at random places. */
const TOKENS = ['&a ', '*a', '!!str ', '!t ', '<<: ', ': ', '- ', '? ', '[', ']', '{', '}', ',', '#', '"', "'", '|', '>', '|+', '>-', '\t', '\r', '\r\n', '\n', '\u0000', '\u001b[31m', '\u202e', '\ufeff', '---\n', '...\n', '%YAML 1.1\n', '<<<<<<< HEAD\n', '=======\n', '\\', '\\x', '\\u12', ' '.repeat(40), '['.repeat(100), '- '.repeat(80)];

type Mutation = [kind: 'insert' | 'delete' | 'byte' | 'repeat', at: number, arg: number];
const mutation = fc.tuple(fc.constantFrom('insert', 'delete', 'byte', 'repeat'), fc.nat(), fc.nat()) as fc.Arbitrary<Mutation>;

function mutate(bytes: Buffer, mutations: readonly Mutation[]): Buffer {
  let b = bytes;
  for (const [kind, at, arg] of mutations) {
    const i = at % (b.length + 1);
    if (kind === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from(TOKENS[arg % TOKENS.length]!, 'utf8'), b.subarray(i)]);
    else if (kind === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + (arg % 16) + 1)]);
    else if (kind === 'byte') b = Buffer.concat([b.subarray(0, i), Buffer.from([arg % 256]), b.subarray(i + 1)]);
    else {
      const piece = b.subarray(i, i + (arg % 64));
      b = Buffer.concat([b.subarray(0, i), ...Array.from({ length: 1 + (arg % 7) }, () => piece), b.subarray(i)]);
    }
  }
  return b;
}

/** A dossier read, or problems, each placed within the file. */
function expectWellFormed(parsed: ParsedDossier, bytes: Buffer): void {
  const lineCount = bytes.toString('utf8').split(/\r\n|\n|\r/).length;
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  expect(parsed.dossier === undefined, 'a dossier or errors, never both or neither').toBe(errors.length > 0);
  for (const p of parsed.problems) {
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lineCount + 1, `line ${p.line} of ${lineCount}: ${p.message}`).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1, `column ${p.column}`).toBe(true);
    expect(p.rule).toMatch(/^[a-z0-9-]+$/);
    expect(p.message.length).toBeGreaterThan(0);
  }
}

describe('the loader on hostile bytes (properties)', () => {
  it('arbitrary bytes: a dossier or placed problems, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (raw) => {
        const bytes = Buffer.from(raw);
        expectWellFormed(parseDossier('fuzz', bytes, context), bytes);
        expectWellFormed(parseDossierForEdit('fuzz', bytes, context), bytes);
      }),
      { numRuns: runs(1500) },
    );
  });

  it('real dossiers with bytes changed: a dossier or placed problems, and both readers agree', () => {
    fc.assert(
      fc.property(fc.constantFrom(...dossiers), fc.array(mutation, { minLength: 1, maxLength: 4 }), (sample, mutations) => {
        const bytes = mutate(sample.bytes, mutations);
        const fast = parseDossier(sample.name, bytes, context);
        const full = parseDossierForEdit(sample.name, bytes, context);
        expectWellFormed(fast, bytes);
        expect(fast.problems).toEqual(full.problems);
        expect(fast.dossier).toEqual(full.dossier);
      }),
      { numRuns: runs(1500) },
    );
  });

  it('tickler.yaml with bytes changed: settings always, and placed problems', () => {
    fc.assert(
      fc.property(fc.constantFrom(...settingsFiles), fc.array(mutation, { minLength: 1, maxLength: 4 }), (sample, mutations) => {
        const bytes = mutate(sample.bytes, mutations);
        const parsed = parseSettings(bytes);
        expect(parsed.settings.team).toBeDefined();
        for (const p of parsed.problems) expect(p.line >= 1 && p.column >= 1, p.message).toBe(true);
      }),
      { numRuns: runs(500) },
    );
  });

  it('nested aliases in a small file are one problem, and never expanded', () => {
    // Nine levels of ten aliases: 10^9 strings if expanded.
    const lines = ['name: Laughs', 'a0: &a0 "lol"'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const parsed = parseDossier('laughs', Buffer.from(`${lines.join('\n')}\n`), context);
    expect(parsed.problems.map((p) => `${p.rule} ${p.line}:${p.column}`)).toEqual(['yaml-alias 2:5']);
    expect(parsed.problems[0]!.message).toBe('anchors and aliases are not allowed (10 anchors, 90 aliases in this file)');
  });
});
