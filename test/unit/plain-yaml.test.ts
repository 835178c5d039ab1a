// The plain reader against the full one: for every text it takes, the same values, and a
// look-alike flag exactly where the full reader warns; its located form (for edits, and for the
// positions of validate's findings) gives every node the source range the full reader gives it. Texts: hand-picked corners, every fixture,
// generated dossiers, and mutations of all of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainTree, readPlainYaml } from '../../src/book/plain-yaml.js';
import { parseYamlText, readYaml } from '../../src/book/safe-yaml.js';
import type { SourceNode } from '../../src/book/yaml-edit.js';
import { sourceTree } from '../../src/book/yaml-tree.js';
import { plainDiagnostics, toDiagnostics } from '../../src/book/parse.js';
import { fixtureYamlFiles } from '../helpers.js';

/** What the full reader makes of a text: its data, or undefined when it has errors; and whether it warns of a look-alike. */
function full(text: string): { data?: unknown; lookAlike: boolean; others: string[] } {
  const yaml = readYaml('x.yaml', Buffer.from(text, 'utf8'));
  const others = yaml.problems.filter((p) => p.rule !== 'yaml11-lookalike').map((p) => `${p.severity} ${p.rule}`);
  const lookAlike = yaml.problems.some((p) => p.rule === 'yaml11-lookalike');
  if (!yaml.doc || yaml.problems.some((p) => p.severity === 'error')) return { lookAlike, others };
  return { data: yaml.doc.toJS({ maxAliasCount: 100 }), lookAlike, others };
}

/** Deep equality that tells -0 from 0, NaN from everything, and minds the order of keys. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Every path into the data (to each value, and one step past a few: as findings name them), and one that is not there. */
function pathsOf(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = [prefix];
  if (Array.isArray(data)) data.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) paths.push(...pathsOf(v, [...prefix, k]));
  else paths.push([...prefix, 'missing']);
  return paths;
}

/** A node tree as the edits see it: kinds, ranges and data (the keys of mappings included). */
function outline(node: SourceNode | null): unknown {
  if (node === null) return null;
  const own = { kind: node.kind, flow: node.flow, range: node.range, data: node.toJSON() };
  if (node.pairs) return { ...own, pairs: node.pairs.map((p) => [outline(p.key), outline(p.value)]) };
  if (node.items) return { ...own, items: node.items.map(outline) };
  return { ...own, value: node.value };
}

/**
 * The property: declined, or read exactly as the full reader reads it; and when the located
 * reader (for edits) takes it too, the same data and every node with the source range the full
 * reader gives it.
 */
function agrees(written: string): boolean {
  // (as decoded from UTF-8: a mutation may have cut a surrogate pair, which no file can hold)
  const text = Buffer.from(written, 'utf8').toString('utf8');
  const mine = readPlainYaml(text);
  const located = readPlainTree(text);
  if (mine === undefined) {
    if (located !== undefined) throw new Error(`the located reader takes what the plain one declines: ${JSON.stringify(text)}`);
    return true;
  }
  const theirs = full(text);
  if (theirs.data === undefined || !same(mine.data, theirs.data) || mine.lookAlike !== theirs.lookAlike || theirs.others.length > 0) {
    throw new Error(`disagrees on ${JSON.stringify(text)}:\n  plain: ${JSON.stringify(mine)}\n  full:  ${JSON.stringify(theirs)}`);
  }
  if (located !== undefined) {
    if (!same(located.data, mine.data) || located.lookAlike !== mine.lookAlike) throw new Error(`the located reader reads ${JSON.stringify(text)} otherwise`);
    expect(outline(located.tree), JSON.stringify(text)).toEqual(outline(sourceTree(parseYamlText(text))));
    // and findings anywhere in it are placed exactly as the full reader's parse places them
    const findings = pathsOf(mine.data).flatMap((path) => [false, true].map((atKey) => ({ path, atKey, severity: 'warning' as const, rule: 'r', message: 'm' })));
    expect(plainDiagnostics('x.yaml', text)!(findings), JSON.stringify(text)).toEqual(toDiagnostics(readYaml('x.yaml', Buffer.from(text, 'utf8')), findings));
  }
  return true;
}

function fixtureTexts(): string[] {
  return fixtureYamlFiles().map((f) => f.text.replace(/^\ufeff/, ''));
}

// Pieces of dossiers, including what YAML treats specially.
const words = ['Hurtownia', 'Kowalski', 'Łódź', 'Соколов', 'Bērziņš', 'a', 'x y', 'call', 'reached', 'high', '500 pallets', 'done.', 'E-mail', 'it is', 'a:b', 'a#b', 'http://x.example/a?b=c', '50%', 'C++', 'Sp. z o.o.', 'O\'Brien', '😀'];
const typed = ['0', '-0', '+5', '12', '1.5', '1.', '.5', '-.5', '1e3', '01e5', '1_000', '0x1F', '0o17', '~', 'null', 'Null', 'NULL', 'true', 'False', 'TRUE', '2026-11-23', '2026-11-23T10:00+01:00', '.inf', '-.Inf', '.nan', '.NaN', '12345678901234567890', '+48 600 100 200', '600100200', '--', '-x', 'a:'];
const nasty = ['007', 'yes', 'No', 'on', 'OFF', 'y', 'n', '10:30', '1:2:3', '-', '- a', '?', '? a', ':', ': a', '#x', 'a #b', '@x', '`x', '%x', '&a', '*a', '!x', '!!str x', '|', '>', ',', '[a]', '{a: 1}', ']', '}', 'a: b'];
const plainScalar = fc.oneof(
  { arbitrary: fc.constantFrom(...words), weight: 6 },
  { arbitrary: fc.constantFrom(...typed), weight: 3 },
  { arbitrary: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')), weight: 4 },
  { arbitrary: fc.constantFrom(...nasty), weight: 1 },
);
const quoted = fc.oneof(
  { arbitrary: fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)), weight: 3 },
  { arbitrary: fc.constantFrom('"a\\u00e9"', '"\\x41\\t\\n"', '"\\ud800"', '"\\U0001F600"', '"a\\"b"', '"\\\\"', '"\\q"', '"a', '"a" b', '"a"#c', '"a" #c', '"\\N\\_\\L\\P\\e\\0\\/"'), weight: 1 },
  { arbitrary: fc.string({ maxLength: 12 }).map((s) => `'${s.replace(/'/g, "''")}'`), weight: 3 },
  { arbitrary: fc.constantFrom("'it''s'", "'a", "''", "'a' b"), weight: 1 },
);
// Flow collections inside flow collections, with the spacing people type.
const gap = fc.constantFrom('', ' ', '  ');
const nestedFlow = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...words, ...typed),
    quoted,
    fc.tuple(gap, fc.array(fc.tuple(tie('value'), gap), { maxLength: 3 })).map(([g, items]) => `[${g}${items.map(([v, after]) => v + after).join(', ')}]`),
    fc.tuple(gap, fc.array(fc.tuple(fc.constantFrom('a', 'enum', 'type', 'next', 'x-y'), tie('value'), gap), { maxLength: 3 })).map(([g, pairs]) => `{${g}${pairs.map(([k, v, after]) => `${k}: ${v}${after}`).join(', ')}}`),
  ),
}));
const flow = fc.oneof(
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(...words, ...typed), quoted), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`), weight: 3 },
  { arbitrary: nestedFlow.value.filter((v) => v.startsWith('[') || v.startsWith('{')), weight: 2 },
  { arbitrary: fc.constantFrom('[]', '[ ]', '[a, ]', '[a,,b]', '[a ,b]', '[[a]]', '{}', '{ }', '{a: 1, b: x}', '{a: 1, a: 2}', '{a:1}', '{a: [1]}', '{ email: m1@example.com }'), weight: 1 },
);
const comment = fc.constantFrom('', '', '', '', '', ' # note', '  #', ' #: x');
const key = fc.oneof(
  { arbitrary: fc.constantFrom('name', 'owner', 'stage', 'tags', 'contacts', 'next', 'date', 'log', 'at', 'notes', 'x-y', '_k', 'k1', '1a', 'k', 'a', 'b', 'c'), weight: 12 },
  { arbitrary: fc.constantFrom('no', 'yes', 'true', 'null', '12', '__proto__', 'a b', '"q"'), weight: 1 },
);

interface Node {
  kind: 'scalar' | 'map' | 'list' | 'literal';
  text?: string;
  entries?: [string, Node][];
  items?: Node[];
  lines?: string[];
  header?: string;
}
const scalarNode = fc.oneof({ arbitrary: plainScalar, weight: 5 }, { arbitrary: quoted, weight: 2 }, { arbitrary: flow, weight: 1 }).chain((text) => comment.map((c) => ({ kind: 'scalar', text: text + c }) as Node));
const literalNode = fc
  .tuple(
    fc.constantFrom('|', '|', '|', '|-', '|-', '| # c', '|+', '>', '|2', '|#c'),
    fc.array(fc.oneof({ arbitrary: fc.constantFrom(...words), weight: 5 }, { arbitrary: fc.constantFrom('', '', ' ', '   ', '    ', '  # not a comment', '    more indented'), weight: 2 }), { maxLength: 5 }),
  )
  .map(([header, lines]) => ({ kind: 'literal', header, lines }) as Node);
const tree = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarNode,
    scalarNode,
    literalNode,
    fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }).map((entries) => ({ kind: 'map', entries }) as Node),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ kind: 'list', items }) as Node),
  ),
}));

/** A node written at an indentation, as a value after "key:" or "-". */
function render(node: Node, indent: number, compactList: boolean): string {
  const pad = ' '.repeat(indent);
  switch (node.kind) {
    case 'scalar':
      return ` ${node.text}\n`;
    case 'literal':
      return ` ${node.header}\n${node.lines!.map((l) => (l.trim() === '' ? l : `${pad}  ${l}`)).join('\n')}\n`;
    case 'map':
      return `\n${node.entries!.map(([k, v]) => `${pad}  ${k}:${render(v, indent + 2, true)}`).join('')}`;
    case 'list': {
      const at = compactList ? indent : indent + 2;
      return `\n${node.items!.map((item) => `${' '.repeat(at)}-${render(item, at, false)}`).join('')}`;
    }
  }
}

const document = fc
  .tuple(fc.array(fc.tuple(key, tree.node, fc.boolean()), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([entries, eol, finalBreak]) => {
    const text = entries.map(([k, v, compact]) => `${k}:${render(v, 0, compact)}`).join('').replace(/\n/g, eol);
    return finalBreak ? text : text.replace(/\r?\n$/, '');
  });

// Edits that YAML cares about: indentation, indicators, quotes, line breaks.
const mutation = fc.tuple(fc.nat(), fc.constantFrom(' ', '  ', '-', '- ', ':', ': ', '#', ' #', '"', "'", '\n', '\r', '\t', '|', '>', '[', ']', '{', '}', ',', '&a ', '*a', '!', '%', '@', '\\', 'é', '\u0085', '\u2028', '\ufeff', 'x'), fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line'));
function mutate(text: string, edits: [number, string, string][]): string {
  let out = text;
  for (const [n, piece, how] of edits) {
    const at = out.length === 0 ? 0 : n % out.length;
    if (how === 'insert') out = out.slice(0, at) + piece + out.slice(at);
    else if (how === 'delete') out = out.slice(0, at) + out.slice(at + piece.length);
    else if (how === 'replace') out = out.slice(0, at) + piece + out.slice(at + 1);
    else {
      const lines = out.split('\n');
      const i = n % lines.length;
      lines.splice(i, 0, lines[i]!);
      out = lines.join('\n');
    }
  }
  return out;
}

describe('the plain YAML reader', () => {
  it('reads the corners as the full reader does, or declines them', () => {
    const corners = [
      'notes: |\n  a\n  b', 'notes: |\n  a\n\n', 'notes: |-\n  a\n\n', 'notes: |\nnext: 1\n', 'notes: |\n\n  a\n', 'notes: |\n  a\n\n  b\n\n\nx: 1',
      'notes: |\n    a\n  # c\nx: 1\n', 'notes: |\n  a\n  # not a comment\n', 'notes: |\n   \n  a\n', 'notes: |\n  \n  a\n', 'notes: |\n \nx: 1\n',
      'k: -0', 'k: +5', 'k: 1.', 'k: .5', 'k: 12345678901234567890', 'k: 0x1F', 'k: 0o17', 'k: 1_000', 'k: ~', 'k:', 'k: [a, b, ]', 'k: []', 'k: {}',
      'k: {a: 1}', '__proto__: 1', 'k: "a\\u00e9"', "k: 'it''s'", 'k: a #c', 'k: a#c', 'true: 1', '1: 2', 'k: -', 'k: a\n\n', 'k:\n- a\n- b\nj: 1',
      'k:\n  - a\n  - b\nj: 1', 'k:\n  a: 1\n  b:\n    - x\n', 'k:\n  - a: 1\n    b: 2\n  - c\n', 'k:\n  -\n    a: 1\n', 'k:\n  - - a\n', 'k: a\n  b\n',
      'k: a\n # c\n  b\n', '  k: 1\n  j: 2\n', '  k: 1\nj: 2\n', 'k: 1\n  j: 2\n', '- a\n- b\n', 'a\n', '', '# only\n', '---\nk: 1\n', 'k: 1\n...\n',
      '%YAML 1.1\n---\nk: 1\n', 'k: &a 1\nj: *a\n', 'k: !!str 1\n', 'k: 1\nk: 2\n', 'k : 1\n', 'k:1\n', 'k: "a"\n  j: 1\n', 'k: |2\n  a\n', 'k: >\n  a\n  b\n',
      'k: |+\n  a\n\n', 'k: "a\\\n  b"\n', 'k: a: b\n', 'k: 10:30\n', 'no: 1\n', 'k: [yes, 010]\n', 'k: {on: 1}\n', 'k: "yes"\n', "k: 'NO'\n", 'k:\r\n  - a\r\n',
      'k: a\rb\n', 'k: a\u0085b\n', 'k: \u2028\n', 'k:\n\t- a\n', '<<<<<<< HEAD\nk: 1\n=======\nk: 2\n>>>>>>> b\n', 'k: x\n<<<<<<< HEAD\n',
    ];
    for (const text of corners) expect(agrees(text), text).toBe(true);
    // and it does take the usual dossier
    expect(readPlainYaml('name: A\ncontacts:\n  - name: B\n    phone: "+48 1"\nlog:\n- at: 2026-11-23T10:00+01:00\n  summary: ok # c\nnotes: |\n  Line one\n\n  two\n')).toEqual({
      data: { name: 'A', contacts: [{ name: 'B', phone: '+48 1' }], log: [{ at: '2026-11-23T10:00+01:00', summary: 'ok' }], notes: 'Line one\n\ntwo\n' },
      lookAlike: false,
    });
  });

  it('locates texts with a # inside a value, and declines comments for edits', () => {
    const inside = ['k: "a #1"\n', "k: 'b # c'\nj: 1\n", 'k: a#b\n', 'k: [x, "#"]\n', 'k: {a: "# b"}\n', 'k:\n  - "#1"\n', 'k: |\n  a # b\n', '# header\nk: "#"\n'];
    for (const text of inside) {
      expect(agrees(text), text).toBe(true);
      expect(readPlainTree(text), text).toBeDefined();
    }
    const comments = ['k: "a" # c\n', 'k: a # c\n', 'k: # c\n  j: 1\n', 'k:\n  - # c\n    j: 1\n', 'k: | # c\n  a\n', 'k: [a] # c\n', 'k: 1\n# c\nj: 2\n', 'k: |\n  a\n  # c\n'];
    for (const text of comments) {
      expect(agrees(text), text).toBe(true);
      expect(readPlainTree(text), text).toBeUndefined();
    }
  });

  it('reads every fixture and example as the full reader does, and takes most of them', () => {
    const texts = fixtureTexts();
    let taken = 0;
    let located = 0;
    for (const text of texts) {
      expect(agrees(text)).toBe(true);
      if (readPlainYaml(text)) taken++;
      if (readPlainTree(text)) located++;
    }
    expect(taken).toBeGreaterThan(texts.length / 2);
    expect(located).toBeGreaterThan(texts.length / 3);
  });

  it('reads generated documents as the full reader does (and takes a good share of them)', () => {
    let taken = 0;
    let located = 0;
    let total = 0;
    fc.assert(
      fc.property(document, (text) => {
        total++;
        if (readPlainYaml(text)) taken++;
        if (readPlainTree(text)) located++;
        return agrees(text);
      }),
      { numRuns: 4000 },
    );
    expect(taken / total).toBeGreaterThan(0.15);
    expect(located / total).toBeGreaterThan(0.05);
  });

  it('reads mutated fixtures and documents as the full reader does, or declines them', () => {
    const texts = fixtureTexts();
    fc.assert(fc.property(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, edits) => agrees(mutate(text, edits))), { numRuns: 4000 });
    fc.assert(fc.property(document, fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, edits) => agrees(mutate(text, edits))), { numRuns: 3000 });
  });
});
