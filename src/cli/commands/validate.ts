// `tickler validate` (alias `check`): every problem of the settings and dossiers, with positions.
import { relative, resolve, sep } from 'node:path';
import { dayFindings, duplicateFindings } from '../../core/checks.js';
import type { IsoDate } from '../../core/dates.js';
import type { Settings } from '../../core/model.js';
import { byPosition, countBySeverity, type Diagnostic } from '../../core/diagnostics.js';
import { CLIENTS_DIR, SETTINGS_FILE } from '../../book/discover.js';
import { bookProblems, loadBook, type LoadedDossier } from '../../book/load.js';
import { dossierContext, loadDossier, loadSettings, toDiagnostics } from '../../book/parse.js';
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
  // Positions for findings about files that the fast parser read: those files are read fully.
  const yamlOf = (entry: LoadedDossier, settings: Settings, day?: IsoDate) => entry.yaml ?? loadDossier(root, entry.file.slice(CLIENTS_DIR.length + 1), dossierContext(settings, day, false)).yaml;
  /** The check of the book's own fields and forms, as diagnostics of one file. */
  const customCheck = async (settings: Settings) => {
    if (!hasCustomParts(settings)) return undefined;
    const { compileCustomCheck } = await import('../../book/custom-check.js');
    const { check } = compileCustomCheck(settings);
    if (!check) return undefined;
    return (entry: LoadedDossier): Diagnostic[] => {
      if (entry.data === undefined || entry.problems.some((p) => p.rule === 'yaml-syntax')) return [];
      const findings = check(entry.data);
      const yaml = findings.length > 0 ? yamlOf(entry, settings) : undefined;
      return yaml ? toDiagnostics(yaml, findings) : [];
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
    const { compileCustomCheck } = await import('../../book/custom-check.js');
    const { problem } = compileCustomCheck(settings);
    const settingsYaml = problem && named.settings ? (book.settingsFile.yaml ?? loadSettings(root).yaml) : undefined;
    if (problem && settingsYaml) problems.push(...toDiagnostics(settingsYaml, [problem]));
    // Files read for this run alone (named files) are checked here; the cache's rows hold their findings.
    const check = whole ? undefined : await customCheck(settings);
    if (check) for (const entry of book.entries) problems.push(...check(entry));
  }
  if (whole) {
    // What depends on the date is never kept in the cache.
    for (const entry of book.entries) {
      const findings = entry.dossier ? dayFindings(entry.dossier, today) : [];
      const yaml = findings.length > 0 ? yamlOf(entry, settings, today) : undefined;
      if (yaml) problems.push(...toDiagnostics(yaml, findings));
    }
    // Duplicates need the whole book; a check of named files (a pre-commit hook) skips them.
    const byId = new Map(book.entries.map((e) => [e.id, e]));
    for (const { dossier, finding } of duplicateFindings(book.dossiers)) {
      const entry = byId.get(dossier.id);
      const yaml = entry ? yamlOf(entry, settings) : undefined;
      if (yaml) problems.push(...toDiagnostics(yaml, [finding]));
    }
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
