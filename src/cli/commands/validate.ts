// `tickler validate` (alias `check`): every problem of the settings and dossiers, with positions.
import { relative, resolve, sep } from 'node:path';
import { dayFindings, duplicateFindings } from '../../core/checks.js';
import type { Settings } from '../../core/model.js';
import { byPosition, countBySeverity, type Diagnostic, type Finding } from '../../core/diagnostics.js';
import { CLIENTS_DIR, SETTINGS_FILE } from '../../book/discover.js';
import { fastText, type DossierContext } from '../../book/dossier-read.js';
import { bookProblems, loadBook, readBookFile, type LoadedDossier } from '../../book/load.js';
import { fieldSchemaProblem } from '../../book/field-schemas.js';
import { hasCustomParts } from '../../book/schema.js';
import { diagnosticJson, renderDiagnostic } from '../../render/diagnostics.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import { bookRoot, formatOf, todayFor, type BookOptions, type DateOptions } from '../common.js';
import { EXIT, UsageError } from '../errors.js';

export interface ValidateOptions extends BookOptions, DateOptions {
  format?: string;
  strict?: boolean;
}

export interface ValidateResult {
  files: number;
  errors: number;
  warnings: number;
  problems: Diagnostic[];
}

/** File names in clients/ for the paths given on the command line (relative to the current directory). */
function namedDossiers(ctx: Context, root: string, paths: readonly string[]): { only?: string[]; settings: boolean } {
  if (paths.length === 0) return { settings: true };
  const only: string[] = [];
  let settings = false;
  for (const path of paths) {
    const inBook = relative(root, resolve(ctx.cwd, path)).split(sep).join('/');
    if (inBook === SETTINGS_FILE) settings = true;
    else if (inBook.startsWith(`${CLIENTS_DIR}/`) && inBook.endsWith('.yaml') && !inBook.slice(CLIENTS_DIR.length + 1).includes('/')) {
      only.push(inBook.slice(CLIENTS_DIR.length + 1));
    } else throw new UsageError(`${path} is not a file of the book (tickler.yaml or clients/<id>.yaml)`);
  }
  return { only, settings };
}

export async function runValidate(ctx: Context, paths: readonly string[], options: ValidateOptions): Promise<ValidateResult> {
  const root = bookRoot(ctx, options);
  const named = namedDossiers(ctx, root, paths);
  const whole = named.only === undefined;
  const progress = ctx.isTTY && ctx.env.CI === undefined;
  let today = '';
  // The general readers (dist/lazy/parse.cjs), loaded only when some finding needs a position
  // or the settings their full reading.
  let general: typeof import('../../book/parse.js') | undefined;
  const loadGeneral = async () => (general ??= await import('../../book/parse.js'));
  // Positions for findings about files that the fast parsers read: found once a file, by the
  // plain reader's nodes where it takes the file, else by reading it fully (call loadGeneral first).
  const placers = new Map<string, ((findings: readonly Finding[]) => Diagnostic[]) | undefined>();
  let fullContext: DossierContext | undefined;
  const placerOf = (entry: LoadedDossier, settings: Settings): ((findings: readonly Finding[]) => Diagnostic[]) | undefined => {
    const { dossierContext, loadDossier, plainDiagnostics, toDiagnostics } = general!;
    if (entry.yaml) return (findings) => toDiagnostics(entry.yaml!, findings);
    if (placers.has(entry.file)) return placers.get(entry.file);
    const { bytes } = readBookFile(root, entry.file);
    const text = bytes ? fastText(bytes) : undefined;
    let placer = text !== undefined ? plainDiagnostics(entry.file, text) : undefined;
    if (!placer) {
      const yaml = loadDossier(root, entry.file.slice(CLIENTS_DIR.length + 1), (fullContext ??= dossierContext(settings, undefined, false))).yaml;
      if (yaml) placer = (findings) => toDiagnostics(yaml, findings);
    }
    placers.set(entry.file, placer);
    return placer;
  };
  const place = (entry: LoadedDossier, settings: Settings, findings: readonly Finding[]): Diagnostic[] => (findings.length > 0 ? (placerOf(entry, settings)?.(findings) ?? []) : []);
  /** The check of the book's own fields and forms, as diagnostics of one file. */
  const customCheck = async (settings: Settings) => {
    if (!hasCustomParts(settings)) return undefined;
    const { compileCustomCheck } = await import('../../book/custom-check.js');
    const { check } = compileCustomCheck(settings);
    if (!check) return undefined;
    await loadGeneral();
    return (entry: LoadedDossier): Diagnostic[] => {
      if (entry.data === undefined || entry.problems.some((p) => p.rule === 'yaml-syntax')) return [];
      return place(entry, settings, check(entry.data));
    };
  };
  const book = await loadBook(root, {
    // Clean files are read with the fast parser; any file with a problem (or a hint of one) fully.
    fast: 'complete',
    todayOf: (settings) => (today = todayFor(ctx, settings, options)),
    // The whole book through the cache: only files changed since they were last checked are read.
    ...(whole ? { cache: true, complete: { check: customCheck } } : { only: named.only }),
    ...(progress ? { onProgress: (done: number, total: number) => void ctx.stderr.write(`\rchecking ${done}/${total} dossiers…`) } : {}),
  });
  if (progress) ctx.stderr.write('\r\x1b[K');
  const { settings } = book;
  const problems = named.settings ? bookProblems(book) : book.entries.flatMap((e) => e.problems);
  if (hasCustomParts(settings)) {
    const problem = named.settings ? await fieldSchemaProblem(root, settings, book.settingsFile.hash) : undefined;
    if (problem) {
      const { loadSettings, toDiagnostics } = await loadGeneral();
      const settingsYaml = book.settingsFile.yaml ?? loadSettings(root).yaml;
      if (settingsYaml) problems.push(...toDiagnostics(settingsYaml, [problem]));
    }
    // Files read for this run alone (named files) are checked here; the cache's rows hold their findings.
    const check = whole ? undefined : await customCheck(settings);
    if (check) for (const entry of book.entries) problems.push(...check(entry));
  }
  if (whole) {
    // What depends on the date is never kept in the cache; duplicates need the whole book (a
    // check of named files, a pre-commit hook, skips them).
    const found: [LoadedDossier, Finding[]][] = [];
    for (const entry of book.entries) {
      const findings = entry.dossier ? dayFindings(entry.dossier, today) : [];
      if (findings.length > 0) found.push([entry, findings]);
    }
    const byId = new Map(book.entries.map((e) => [e.id, e]));
    for (const { dossier, finding } of duplicateFindings(book.dossiers)) {
      const entry = byId.get(dossier.id);
      if (entry) found.push([entry, [finding]]);
    }
    if (found.length > 0) await loadGeneral();
    for (const [entry, findings] of found) problems.push(...place(entry, settings, findings));
  }
  problems.sort(byPosition);
  const files = book.fileCount + (named.settings ? 1 : 0);
  return { files, ...countBySeverity(problems), problems };
}

/** What `tickler validate` does; its options and help are in ../definitions.ts. */
export async function validateAction(ctx: Context, done: (code: number) => void, paths: string[], options: ValidateOptions): Promise<void> {
  const format = formatOf(options.format);
  const result = await runValidate(ctx, paths, options);
  if (format === 'json') {
    writeJson(ctx, { files: result.files, errors: result.errors, warnings: result.warnings, problems: result.problems.map(diagnosticJson) });
  } else {
    for (const problem of result.problems) ctx.stdout.write(`${renderDiagnostic(problem, ctx.chalk)}\n\n`);
    const summary = `${result.files} file${result.files === 1 ? '' : 's'} checked: ${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`;
    ctx.stdout.write(`${result.errors ? ctx.chalk.red(summary) : result.warnings ? ctx.chalk.yellow(summary) : ctx.chalk.green(summary)}\n`);
  }
  done(result.errors > 0 || (options.strict && result.warnings > 0) ? EXIT.problems : EXIT.ok);
}
