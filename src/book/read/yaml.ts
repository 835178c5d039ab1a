// Reads one YAML file defensively: size, encoding, conflict markers and nesting are checked before
// the parser sees the text; the parser reads YAML 1.2 (core schema, no leading-zero numbers); anchors,
// aliases, tags, merge keys and extra documents are refused; YAML 1.1 look-alikes are flagged.
import { isUtf8 } from 'node:buffer';
import jsyaml from 'js-yaml';
import { CST, Lexer, LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type Document, type ScalarTag, type YAMLError } from 'yaml';
import type { Diagnostic, Severity } from '../../core/diagnostics.js';
import { diagnosticAt, diagnosticAtRange } from './positions.js';
import { MAX_FILE_BYTES } from './file.js';

/** Deeper nesting is refused before parsing (the deepest real dossier path is about 5). */
export const MAX_DEPTH = 64;

export interface YamlFile {
  file: string;
  /** The text without BOM; line ends as in the file. */
  text: string;
  lines: string[];
  lineCounter: LineCounter;
  /** Absent when the file could not be parsed at all. */
  doc?: Document.Parsed;
  problems: Diagnostic[];
}

export { diagnosticAt, diagnosticAtRange };

function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Position of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    if (need > 0 && !isUtf8(bytes.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return bytes.length;
}

const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$/;
const CONFLICT_MARKER_ANYWHERE = /^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t\r]|$)/m;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Nesting depth of the text, estimated without parsing: block indentation levels plus flow brackets. */
export function nestingDepthAt(lines: readonly string[]): { line: number; column: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent = -1;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (blockScalarIndent >= 0) {
      if (content === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    if (content === '' || content.startsWith('#')) continue;
    if (flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // "- - key: value" opens one level per dash; "? " (complex keys) and ": " likewise.
      for (let rest = content; /^[-?:]\s+\S/.test(rest); rest = rest.replace(/^[-?:]\s+/, '')) indents.push(indent + content.length - rest.length + 2);
    }
    if (flow > 0 || /[[{]/.test(line)) {
      let quote = '';
      let previous = ''; // the last non-blank character before this one on the line
      for (let c = indent; c < line.length; c++) {
        const ch = line[c]!;
        if (quote) {
          if (ch === quote) quote = '';
          continue;
        }
        if (ch === '#' && (c === 0 || line[c - 1] === ' ' || line[c - 1] === '\t')) break;
        // (a bracket inside plain text, "Eink[[[", opens nothing: only one where a value starts)
        const afterIndicator = (previous === ':' || previous === '-' || previous === '?') && (line[c - 1] === ' ' || line[c - 1] === '\t');
        const atValueStart = previous === '' || afterIndicator || (flow > 0 && (previous === '[' || previous === '{' || previous === ','));
        if ((ch === '"' || ch === "'") && atValueStart) quote = ch;
        else if ((ch === '[' || ch === '{') && (atValueStart || flow > 0)) flow++;
        else if ((ch === ']' || ch === '}') && flow > 0) flow--;
        if (indents.length + flow > MAX_DEPTH) return { line: n + 1, column: c + 1 };
        if (ch !== ' ' && ch !== '\t') previous = ch;
      }
    }
    if (indents.length + flow > MAX_DEPTH) return { line: n + 1, column: indent + 1 };
    if (/(^|[:\-]\s*)[|>][1-9+-]*\s*(#.*)?$/.test(content) && flow === 0) blockScalarIndent = indent;
  }
  return undefined;
}

const NUMBER_FLOAT = /^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)\.[0-9]*)$/;

// The core schema, except that numbers with leading zeros (phone numbers, postcodes) stay text.
// Hexadecimal and octal forms stay text too: a dossier has no use for them, and the fast reader agrees.
function withoutLeadingZeroNumbers(tags: (ScalarTag | { tag: string })[]): (ScalarTag | { tag: string })[] {
  return tags.map((tag) => {
    const scalar = tag as ScalarTag;
    if (!scalar.test) return tag;
    if (scalar.tag === 'tag:yaml.org,2002:int') return scalar.format ? null : { ...scalar, test: /^[-+]?(?:0|[1-9][0-9]*)$/ };
    if (scalar.tag === 'tag:yaml.org,2002:float' && !scalar.format && String(scalar.test).includes('[0-9]+')) {
      return { ...scalar, test: NUMBER_FLOAT };
    }
    return tag;
  }).filter((tag): tag is ScalarTag | { tag: string } => tag !== null);
}

const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const YAML11_SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const LEADING_ZERO = /^[-+]?0[0-9_]+(?:\.[0-9_]*)?$/;
const YAML11_TIMESTAMP = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

function lookAlike(value: string, yaml11: boolean): string | undefined {
  if (YAML11_BOOL.test(value)) return `a YAML 1.1 reader takes it as ${/^(?:y|yes|on)$/i.test(value) ? 'true' : 'false'}`;
  if (YAML11_SEXAGESIMAL.test(value)) return 'a YAML 1.1 reader takes it as a base-60 number';
  if (LEADING_ZERO.test(value)) return 'other readers take it as a number and drop the leading zero';
  if (yaml11 && YAML11_TIMESTAMP.test(value)) return 'under %YAML 1.1 other readers take it as a timestamp';
  return undefined;
}

const CODE_RULES: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate-key',
  MULTIPLE_DOCS: 'multiple-documents',
  TAB_AS_INDENT: 'tab-indent',
  BAD_ALIAS: 'yaml-alias',
};

function yamlErrorDiagnostic(yaml: YamlFile, error: YAMLError, severity: Severity): Diagnostic {
  const rule = CODE_RULES[error.code] ?? 'yaml-syntax';
  // The parser's message ends with " at line L, column C:" and an excerpt; we print our own.
  const message =
    rule === 'multiple-documents'
      ? 'the file holds more than one YAML document'
      : error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').replace(/\s+/g, ' ').trim();
  const hint =
    rule === 'duplicate-key'
      ? 'each key may appear once in a mapping; merge the two values'
      : rule === 'tab-indent'
        ? 'indent with spaces; YAML does not allow tabs for indentation'
        : rule === 'multiple-documents'
          ? 'a dossier is one document; remove the `---` line and what follows, or move it to its own file'
          : undefined;
  return diagnosticAtRange(yaml, error.pos, severity, rule, message.charAt(0).toLowerCase() + message.slice(1), hint);
}

/** The text of bytes that pass the checks of precheck (but for depth), without BOM; undefined otherwise. */
function plainText(bytes: Uint8Array): string | undefined {
  if (bytes.length > MAX_FILE_BYTES || !isUtf8(bytes)) return undefined;
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return CONFLICT_MARKER_ANYWHERE.test(text) || CONTROL.test(text) ? undefined : text;
}

/**
 * The checks made before any parser sees the text: size, UTF-8, conflict markers, control
 * characters, nesting depth. Returns the file with its text, and problems when it must not be parsed.
 */
export function precheck(file: string, bytes: Uint8Array): YamlFile {
  const lineCounter = new LineCounter();
  const empty: YamlFile = { file, text: '', lines: [], lineCounter, problems: [] };
  if (bytes.length > MAX_FILE_BYTES) {
    empty.problems.push({
      file, line: 1, column: 1, severity: 'error', rule: 'file-too-large',
      message: `file is ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`,
      hint: 'a dossier is one client; move old material out of the file',
    });
    return empty;
  }
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) {
    // (what editors save when asked for "Unicode"; UTF-32 little-endian begins the same way)
    empty.problems.push({ file, line: 1, column: 1, severity: 'error', rule: 'invalid-utf8', message: 'the file is UTF-16 or UTF-32 text; tickler reads UTF-8 only', hint: 'save the file as UTF-8' });
    return empty;
  }
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8').replace(/^\ufeff/, '');
    const lines = splitLines(before);
    const line = lines.length;
    const column = lines[line - 1]!.length + 1;
    empty.problems.push({
      file, line, column, severity: 'error', rule: 'invalid-utf8',
      message: `byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset} is not valid UTF-8`,
      hint: 'save the file as UTF-8',
    });
    return empty;
  }
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = splitLines(text);
  const yaml: YamlFile = { file, text, lines, lineCounter, problems: [] };

  // Most files have neither; one pass over the whole text says so.
  const suspicious = CONFLICT_MARKER_ANYWHERE.test(text) || CONTROL.test(text);
  if (suspicious) lines.forEach((line, i) => {
    if (CONFLICT_MARKER.test(line)) {
      yaml.problems.push(
        diagnosticAt(file, lines, i + 1, 1, 7, 'error', 'conflict-marker', `leftover git conflict marker "${line.slice(0, 7)}"`,
          'finish the merge: keep the right lines, delete the markers (or run `git mergetool`)'),
      );
    }
    const control = CONTROL.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (control) {
      yaml.problems.push(
        diagnosticAt(file, lines, i + 1, control.index + 1, 1, 'error', 'control-character',
          `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} is not allowed in YAML`,
          'delete it; write special characters with \\u escapes in a double-quoted string'),
      );
    }
  });
  if (yaml.problems.length > 0) return yaml;
  // (the fast parser needs no such limit: it fails on depth it cannot take, and the full one says why)
  const deep = nestingDepthAt(lines);
  if (deep) {
    yaml.problems.push(
      diagnosticAt(file, lines, deep.line, deep.column, 1, 'error', 'too-deep', `nesting deeper than ${MAX_DEPTH} levels`,
        'a dossier needs a few levels at most; flatten the structure'),
    );
  }
  return yaml;
}

// The fast reader's schema: the same values as the full reader (YAML 1.2 core, decimal numbers
// without leading zeros), with no timestamps, merge keys or other YAML 1.1 types. A plain value
// that a YAML 1.1 reader would take for something else is noted (the full reader then places the
// warning), and stays text.
let sawLookAlike = false;
// (each plain value is tried against these in turn: a look at its first character first spares
// most of them the patterns, which a first run would otherwise test on every value of every file)
const first = (s: string) => s.charCodeAt(0);
const numeric = (c: number) => (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
const oneOf = (c: number, chars: string) => chars.indexOf(String.fromCharCode(c)) >= 0;
const FAST_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsyaml.Type('tag:tickler,2026:look-alike', {
      kind: 'scalar',
      resolve: (s: string) => (numeric(first(s)) || oneOf(first(s), 'yYnNoO')) && (YAML11_BOOL.test(s) || YAML11_SEXAGESIMAL.test(s) || LEADING_ZERO.test(s)),
      construct: (s: string) => ((sawLookAlike = true), s),
    }),
    new jsyaml.Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string) => s === '' || (oneOf(first(s), '~nN') && /^(?:~|[Nn]ull|NULL)$/.test(s)), construct: () => null }),
    new jsyaml.Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (s: string) => oneOf(first(s), 'tTfF') && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s), construct: (s: string) => /^t/i.test(s) }),
    new jsyaml.Type('tag:yaml.org,2002:int', { kind: 'scalar', resolve: (s: string) => numeric(first(s)) && /^[-+]?(?:0|[1-9][0-9]*)$/.test(s), construct: Number }),
    new jsyaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: string) => numeric(first(s)) && (NUMBER_FLOAT.test(s) || /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) || /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s)),
      construct: (s: string) => (/nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s)),
    }),
  ],
});

// Text the fast reader might read differently from the full one: directives, document markers,
// merge keys, tabs, empty or null keys (which js-yaml names "null"), a line break that is a lone
// CR, a comment right after a closing quote or bracket. Such files take the full path.
const NEEDS_FULL_READER = /^%|^(?:---|\.\.\.)|<<|\t|\r(?!\n)|['"\]}]#|(?:^|[\s[{,?])(?:~|[Nn]ull|NULL)?:(?:[\s,\]}]|$)/m;
/** Whether NEEDS_FULL_READER can match at all (most files have none of these characters). */
const mayNeedFullReader = (text: string) =>
  text.includes('<<') || text.includes('\t') || text.includes('\r') || /['"\]}]#/.test(text) ||
  /^(?:%|---|\.\.\.|:)|\n(?:%|---|\.\.\.|:)|[\s[{,?]:|(?:~|null|Null|NULL):/.test(text);

/**
 * What js-yaml tells of each node as it reads it (its `listener`): nodes the full reader reads
 * otherwise or refuses, which send the file to it. An anchor, tag or alias (refused there); a
 * quoted, flow or plain value over several lines, whose indentation js-yaml checks more leniently;
 * a block scalar with a line of spaces only, whose place in the text the two read differently.
 */
const SPACES_ONLY_LINE = /\n {1,}(?=\r?\n|$)/;

class NodeWatch {
  unfit = false;
  private readonly starts: number[] = [];

  constructor(private readonly text: string) {}

  readonly listener = (event: 'open' | 'close', state: { position: number }): void => {
    if (event === 'open') {
      this.starts.push(state.position);
      return;
    }
    const start = this.significant(this.starts.pop()!);
    const c = this.text.charCodeAt(start);
    if (c === 38 || c === 33 || c === 42) this.unfit = true; // & ! *
    else {
      const newline = this.text.indexOf('\n', start);
      const block = c === 124 || c === 62; // | >
      // (over several lines: fine for block scalars and block collections)
      if (newline >= 0 && newline < state.position && !block && !this.blockCollectionAt(start, newline)) this.unfit = true;
      else if (block && newline >= 0 && SPACES_ONLY_LINE.test(this.text.slice(newline, state.position + 1))) this.unfit = true;
    }
  };

  /** The first character of a node that starts at or after `at` (past spaces, line ends and comments). */
  private significant(at: number): number {
    const text = this.text;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 35) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i); // #
      else if (c !== 32 && c !== 10 && c !== 13) return i;
    }
    return text.length;
  }

  /** Whether a block sequence or mapping starts at `at`: a dash and a space, or a plain key and a colon on its line. */
  private blockCollectionAt(at: number, lineEnd: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 45) return /[ \r\n]/.test(text[at + 1] ?? '\n'); // -
    if (c === 34 || c === 39 || c === 91 || c === 123) return false; // " ' [ {
    const line = text.slice(at, lineEnd);
    return line.includes(': ') || /:\r?$/.test(line);
  }
}

/**
 * The fast path: a parser about ten times faster than the full one, which keeps no positions.
 * Undefined means "use readYaml" (unusual syntax, or anything to report, which readYaml then
 * reports with its position). `lookAlike`: some plain value would be read otherwise by a YAML 1.1
 * reader (a warning, which readYaml places).
 */
export function readYamlFast(bytes: Uint8Array | string): { data: unknown; text: string; lookAlike: boolean } | undefined {
  const text = typeof bytes === 'string' ? bytes : plainText(bytes);
  if (text === undefined || (mayNeedFullReader(text) && NEEDS_FULL_READER.test(text))) return undefined;
  sawLookAlike = false;
  const watch = new NodeWatch(text);
  try {
    const data = jsyaml.load(text, { schema: FAST_SCHEMA, json: false, listener: watch.listener as never });
    return watch.unfit ? undefined : { data, text, lookAlike: sawLookAlike };
  } catch {
    return undefined;
  }
}

/** The parser as tickler runs it: YAML 1.2 core schema, numbers without leading zeros, no merge keys. */
export function parseYamlText(text: string, lineCounter?: LineCounter): Document.Parsed {
  return parseDocument(text, {
    ...(lineCounter ? { lineCounter } : {}),
    version: '1.2',
    schema: 'core',
    customTags: withoutLeadingZeroNumbers as never,
    // Duplicate keys are found by readYaml in one pass; the parser's own check is quadratic.
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
    // (its warnings go to the process's stderr; a key that is a collection is reported as an unknown key instead)
    logLevel: 'error',
    strict: true,
  });
}

/** The plain data of YAML text that tickler wrote itself: the fast reader where it reads the same, else the full one. */
export function readTextData(text: string): unknown {
  const fast = readYamlFast(text);
  if (fast) return fast.data;
  const doc = parseYamlText(text);
  if (doc.errors.length > 0) throw doc.errors[0]!;
  return doc.toJS();
}

/** Reads and parses one YAML file's bytes. Never throws for bad content: everything is a diagnostic. */
export function readYaml(file: string, bytes: Uint8Array): YamlFile {
  const yaml = precheck(file, bytes);
  if (yaml.problems.length > 0) return yaml;
  const { text, lines, lineCounter } = yaml;
  let doc: Document.Parsed;
  try {
    doc = parseYamlText(text, lineCounter);
  } catch (error) {
    yaml.problems.push({ file, line: 1, column: 1, severity: 'error', rule: 'yaml-syntax', message: `cannot parse: ${(error as Error).message}` });
    return yaml;
  }
  if (doc.errors.length > 0) {
    // The parser stops at anchors, aliases and tags it cannot place (an alias with an anchor of its
    // own…), once per occurrence and in its own words: they are said as what they are, once per
    // file, from the text's tokens. Of the rest, the first on a line: the others follow from it.
    const properties = mayHaveProperties(text) ? propertyTokens(text) : NO_PROPERTIES;
    const lines = new Set<number>();
    for (const error of doc.errors) {
      if (PROPERTY_ERRORS.has(error.code) && properties.size > 0) continue;
      const problem = yamlErrorDiagnostic(yaml, error, 'error');
      if (lines.has(problem.line)) continue;
      lines.add(problem.line);
      yaml.problems.push(problem);
    }
    for (const warning of doc.warnings) yaml.problems.push(yamlErrorDiagnostic(yaml, warning, 'warning'));
    yaml.problems.push(...propertyProblems(yaml, properties));
    yaml.problems.sort(inLineOrder);
    return yaml;
  }
  for (const warning of doc.warnings) yaml.problems.push(yamlErrorDiagnostic(yaml, warning, 'warning'));
  yaml.doc = doc;

  const yaml11 = doc.directives?.yaml.explicit === true && doc.directives.yaml.version === '1.1';
  if (yaml11) {
    yaml.problems.push(diagnosticAt(file, lines, 1, 1, 9, 'warning', 'yaml-version', 'the %YAML 1.1 directive is ignored: tickler reads YAML 1.2',
      'remove the directive; quote values that YAML 1.1 would read differently'));
  }
  // Anchors and aliases (together) and tags are each one problem per file, at the first, with
  // their count: a file of 20,000 aliases is one hostile file, not 20,000 lines of output.
  const once: Properties = new Map();
  const report = (range: readonly number[] | null | undefined, kind: 'anchor' | 'alias' | 'tag', source: string) => {
    const seen = once.get(kind);
    if (seen) seen.count++;
    else once.set(kind, { at: range?.[0] ?? 0, end: range?.[1] ?? (range?.[0] ?? 0) + 1, source, count: 1 });
  };
  visit(doc, {
    Alias(_, node) {
      report(node.range, 'alias', `*${node.source}`);
    },
    Node(_, node) {
      if (isMap(node)) {
        const seen = new Set<unknown>();
        for (const pair of node.items) {
          if (!isScalar(pair.key)) continue;
          if (seen.has(pair.key.value)) {
            yaml.problems.push(diagnosticAtRange(yaml, pair.key.range, 'error', 'duplicate-key', `key "${String(pair.key.value)}" appears twice in this mapping`,
              'each key may appear once in a mapping; merge the two values'));
          }
          seen.add(pair.key.value);
        }
      }
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) {
        const at = text.lastIndexOf(`&${node.anchor}`, node.range?.[0] ?? 0);
        const range = at >= 0 ? [at, at + node.anchor.length + 1] : node.range;
        report(range, 'anchor', `&${node.anchor}`);
      }
      if ((isScalar(node) || isMap(node) || isSeq(node)) && node.tag) {
        // The node's range starts at its value; the tag was written before it.
        let at = text.lastIndexOf('!', node.range?.[0] ?? 0);
        while (at > 0 && !/[\s[{,]/.test(text[at - 1]!)) at--; // back to the start of "!!str", "!local"…
        const written = at >= 0 ? /^!\S*/.exec(text.slice(at))![0] : node.tag;
        const range = at >= 0 ? [at, at + written.length] : node.range;
        report(range, 'tag', written);
      }
      if (isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string') {
        const reason = lookAlike(node.source, yaml11);
        if (reason) {
          yaml.problems.push(diagnosticAtRange(yaml, node.range, 'warning', 'yaml11-lookalike',
            `${node.source} is read as the text "${node.source}", but ${reason}`, `quote it: "${node.source}"`));
        }
      }
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        yaml.problems.push(diagnosticAtRange(yaml, pair.key.range, 'error', 'yaml-merge-key', 'merge keys (<<) are not allowed', 'write the keys out in full'));
      }
    },
  });
  yaml.problems.push(...propertyProblems(yaml, once));
  yaml.problems.sort(inLineOrder);
  // The data of a file with aliases is never made: expanding them is how a 160 KB file becomes
  // gigabytes. Nor of one with tags, which would make values of other kinds (binary, sets…) and
  // errors about those. What is reported of such a file is what its text says.
  if (once.has('alias') || once.has('tag')) delete yaml.doc;
  return yaml;
}

function inLineOrder(a: Diagnostic, b: Diagnostic): number {
  return a.line - b.line || a.column - b.column;
}

/** The first anchor, alias and tag of a file (where, as written) and how many of each. */
type Properties = Map<'anchor' | 'alias' | 'tag', { at: number; end: number; source: string; count: number }>;
const NO_PROPERTIES: Properties = new Map();

/** The parser's errors about anchors, aliases and tags, said instead by propertyProblems. */
const PROPERTY_ERRORS: ReadonlySet<string> = new Set(['ALIAS_PROPS', 'BAD_ALIAS', 'MULTIPLE_ANCHORS', 'MULTIPLE_TAGS', 'BAD_PROP_ORDER', 'TAG_RESOLVE_FAILED', 'RESOURCE_EXHAUSTION']);

const mayHaveProperties = (text: string) => text.includes('&') || text.includes('*') || text.includes('!');

/** The anchors, aliases and tags of a text that may not parse, from the parser's tokens. */
function propertyTokens(text: string): Properties {
  const found: Properties = new Map();
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === 'anchor' || type === 'alias' || type === 'tag') {
      const seen = found.get(type);
      if (seen) seen.count++;
      else found.set(type, { at: offset, end: offset + token.length, source: token, count: 1 });
    }
    // (the lexer's own markers of a document, a scalar or a flow's end are not in the text)
    if (type !== 'doc-mode' && type !== 'scalar' && type !== 'flow-error-end' && type !== 'byte-order-mark') offset += token.length;
    else if (token.length > 1) offset += token.length;
  }
  return found;
}

function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
}

/** Anchors and aliases as one problem (together they are the alias bomb), tags as another. */
function propertyProblems(yaml: YamlFile, found: Properties): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const anchor = found.get('anchor');
  const alias = found.get('alias');
  if (anchor && alias) {
    const first = anchor.at <= alias.at ? anchor : alias;
    problems.push(diagnosticAtRange(yaml, [first.at, first.end], 'error', 'yaml-alias',
      `anchors and aliases are not allowed (${counted(anchor.count, 'anchor')}, ${counted(alias.count, 'alias')} in this file)`,
      'write the values out in full, without & and *'));
  } else if (anchor) {
    problems.push(diagnosticAtRange(yaml, [anchor.at, anchor.end], 'error', 'yaml-anchor',
      `anchor ${anchor.source} is not allowed${anchor.count > 1 ? ` (${counted(anchor.count, 'anchor')} in this file)` : ''}`, 'remove the anchor; write values out in full'));
  } else if (alias) {
    problems.push(diagnosticAtRange(yaml, [alias.at, alias.end], 'error', 'yaml-alias',
      `alias ${alias.source} is not allowed${alias.count > 1 ? ` (${counted(alias.count, 'alias')} in this file)` : ''}`, 'write the value out in full'));
  }
  const tag = found.get('tag');
  if (tag) {
    problems.push(diagnosticAtRange(yaml, [tag.at, tag.end], 'error', 'yaml-tag',
      `tag ${tag.source} is not allowed${tag.count > 1 ? ` (${counted(tag.count, 'tag')} in this file)` : ''}`, 'remove the tag; quote the value if it must stay text'));
  }
  return problems;
}
