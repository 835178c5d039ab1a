// `tickler validate` (alias `check`): every problem of the settings and dossiers, with positions.
import { lstatSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { dayFindings, duplicateFindings } from '../../core/checks.js';
import { byPosition, countBySeverity, type Diagnostic, type Finding } from '../../core/diagnostics.js';
import type { IsoDate } from '../../core/dates.js';
import { CLIENTS_DIR, SETTINGS_FILE, readBookFile } from '../../book/read/file.js';
import { hasCustomParts } from '../../book/read/schema.js';
import { dossierNames, readers, type DossierSummary, type Entry, type Store } from '../../book/store.js';
import { EXIT, UsageError } from '../../errors.js';
import { diagnosticJson, jsonText } from '../../render/json.js';
import { renderDiagnostic } from '../../render/text/diagnostics.js';
import { formatOf, openBook, todayFor, type BookOptions, type DateOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';

export interface ValidateOptions extends BookOptions, DateOptions {
  format?: string;
  strict?: boolean;
  staged?: boolean;
}

export interface ValidateResult {
  files: number;
  /** tickler.yaml could not be read: the dossiers were not checked (they would all look wrong). */
  dossiersSkipped?: true;
  errors: number;
  warnings: number;
  problems: Diagnostic[];
}

export function defineValidate(program: Command, bind: Bind): void {
  const command = program
    .command('validate')
    .alias('check')
    .description('check the settings and every dossier (or the named files): syntax, schema and meaning')
    .argument('[files...]', 'files or folders of the book to check, or patterns such as "clients/k*.yaml" (default: all)')
    .option('--strict', 'exit 1 on warnings too')
    .option('--staged', 'check the files staged for the next commit, as staged (a pre-commit hook)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler validate', 'the whole book'],
    ['tickler check clients/acme.yaml', 'one file'],
    ["tickler validate 'clients/k*.yaml'", 'a pattern, even where the shell does not expand it'],
    ['tickler validate --staged', 'what is staged for the next commit: a pre-commit hook'],
    ['tickler validate --format json', 'for CI annotations'],
  ]);
  command.action(bind(validateAction));
}

/**
 * The dossiers (by id) and whether tickler.yaml are named by the paths on the command line: files,
 * folders (the dossiers under them) or patterns, taken from the current directory, else from the
 * book's. A named file outside the book is refused; what a folder or pattern brings in besides
 * the book's files is passed over.
 */
async function namedFiles(ctx: Context, root: string, paths: readonly string[]): Promise<{ ids: string[]; settings: boolean }> {
  // (loaded here: only a check of named files matches patterns)
  const { globby, isDynamicPattern } = await import('../glob.js');
  const ids = new Set<string>();
  let settings = false;
  for (const path of paths) {
    if (path === '') throw new UsageError('an empty file name was given');
    // A plain path is looked at as it is: a broken link, a link in a loop or a FIFO named is
    // checked (and reported) like any file; the book and clients/ bring every dossier, as a
    // check of the whole book does.
    // (from the current directory first; then from the book's, also when the first is outside the book)
    const found = isDynamicPattern(path) ? [] : [resolve(ctx.cwd, path), resolve(root, path)].filter((p) => kindOf(p) !== undefined);
    const plain = found.find((p) => inBookPath(root, p)) ?? found[0];
    if (plain !== undefined && kindOf(plain) !== 'folder') {
      const inBook = relative(root, plain).split(sep).join('/');
      if (inBook === SETTINGS_FILE) settings = true;
      else if (/^clients\/[^/]+\.yaml$/.test(inBook)) ids.add(inBook.slice(CLIENTS_DIR.length + 1, -'.yaml'.length));
      else throw new UsageError(`${path} is not a file of the book (tickler.yaml or clients/<id>.yaml)`);
      continue;
    }
    if (plain === root || plain === join(root, CLIENTS_DIR)) {
      if (plain === root) settings = true;
      for (const name of dossierNames(root)) ids.add(name.slice(0, -'.yaml'.length));
      continue;
    }
    const find = (cwd: string) => globby(path, { cwd, absolute: true, onlyFiles: true, expandDirectories: { extensions: ['yaml'] } });
    let matches = await find(ctx.cwd);
    if (!matches.some((m) => inBookPath(root, m)) && resolve(ctx.cwd) !== root) {
      const fromBook = await find(root);
      if (fromBook.length > 0) matches = fromBook;
    }
    if (matches.length === 0) throw new UsageError(`${path}: ${isDynamicPattern(path) ? 'no file matches' : 'no such file or folder'}`);
    const single = matches.length === 1 && !isDynamicPattern(path) && resolve(ctx.cwd, path) === matches[0];
    for (const match of matches.sort()) {
      const inBook = relative(root, match).split(sep).join('/');
      if (inBook === SETTINGS_FILE) settings = true;
      else if (/^clients\/[^/]+\.yaml$/.test(inBook)) ids.add(inBook.slice(CLIENTS_DIR.length + 1, -'.yaml'.length));
      else if (single) throw new UsageError(`${path} is not a file of the book (tickler.yaml or clients/<id>.yaml)`);
    }
  }
  return { ids: [...ids], settings };
}

/** Whether a path is the book, its clients/, tickler.yaml or a dossier's place. */
function inBookPath(root: string, path: string): boolean {
  const inBook = relative(root, path).split(sep).join('/');
  return inBook === '' || inBook === SETTINGS_FILE || inBook === CLIENTS_DIR || /^clients\/[^/]+\.yaml$/.test(inBook);
}

/** What is at a path: a folder, something else (a file, a link however broken, a FIFO), or nothing. */
function kindOf(path: string): 'folder' | 'other' | undefined {
  try {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    return stat === undefined ? undefined : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return undefined; // (a path through a file: nothing there)
  }
}

/** Problems of tickler.yaml, with the schemas of the book's own fields and forms checked too. */
async function settingsProblems(store: Store): Promise<Diagnostic[]> {
  const problems = [...store.settingsProblems];
  if (!hasCustomParts(store.settings)) return problems;
  const { compileCustomCheck } = await import('../../book/read/custom-check.js');
  const { problem } = compileCustomCheck(store.settings);
  const bytes = readBookFile(store.root, SETTINGS_FILE).bytes;
  if (problem && bytes) problems.push(...(await readers()).placeSettingsFindings(bytes, [problem]));
  return problems;
}

/**
 * What the date or the whole book says of these dossiers (an ended cover; a likely duplicate),
 * placed in their files. `all`: the dossiers a duplicate is looked for among.
 */
async function bookFindings(store: Store, summaries: readonly DossierSummary[], today: IsoDate, all: readonly DossierSummary[], future: ReadonlySet<string>): Promise<Diagnostic[]> {
  const found = new Map<string, Finding[]>();
  const add = (id: string, finding: Finding) => found.set(id, [...(found.get(id) ?? []), finding]);
  for (const { id, dossier } of summaries) {
    if (!dossier) continue;
    // (a summary keeps the last contact only: entries after today are looked for in the whole log)
    const whole = future.has(id) ? ((await store.dossier(id)).dossier ?? dossier) : dossier;
    for (const finding of dayFindings(whole, today)) add(id, finding);
  }
  for (const { dossier, finding } of duplicateFindings(all.flatMap((s) => (s.dossier ? [s.dossier] : [])))) add(dossier.id, finding);
  return store.place(found);
}

/** The book's staged files (tickler.yaml and dossiers), checked as staged; their count. */
async function stagedProblems(store: Store, today: IsoDate, problems: Diagnostic[]): Promise<number> {
  const { requireWorkTree, stagedFiles } = await import('../../book/repo.js');
  const top = requireWorkTree(store.root, 'validate --staged');
  const prefix = relative(top, store.root).split(sep).join('/');
  const inTop = (path: string) => (prefix ? `${prefix}/${path}` : path);
  const { parseDossier, parseSettings } = await readers();
  const context = await store.dossierContext();
  let files = 0;
  for (const [path, bytes] of stagedFiles(top, [inTop(SETTINGS_FILE), inTop(CLIENTS_DIR)])) {
    const inBook = prefix ? path.slice(prefix.length + 1) : path;
    if (inBook === SETTINGS_FILE) problems.push(...parseSettings(bytes).problems);
    else if (/^clients\/[^/]+\.yaml$/.test(inBook) && !inBook.startsWith('clients/.')) {
      const parsed = parseDossier(inBook.slice(CLIENTS_DIR.length + 1, -'.yaml'.length), bytes, context);
      problems.push(...parsed.problems, ...(parsed.custom ?? []));
      if (parsed.dossier) problems.push(...parsed.place(dayFindings(parsed.dossier, today)));
    } else continue;
    files++;
  }
  return files;
}

export async function runValidate(ctx: Context, paths: readonly string[], options: ValidateOptions): Promise<ValidateResult> {
  const store = await openBook(ctx, options, { custom: true }, true);
  const today = todayFor(ctx, store.settings, options);
  if (store.settingsUnreadable) {
    const problems = [...store.settingsProblems];
    return { files: 1, dossiersSkipped: true, ...countBySeverity(problems), problems };
  }
  const problems: Diagnostic[] = [];
  let files: number;
  if (options.staged) {
    if (paths.length > 0) throw new UsageError('--staged checks what is staged; name no files with it');
    files = await stagedProblems(store, today, problems);
  } else if (paths.length === 0) {
    // The whole book: only the files with something to say are read (their summaries).
    const entries = await store.entries();
    const keyCount = new Map<string, number>();
    for (const { facts } of entries) for (const key of facts?.keys ?? []) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
    // (only dossiers that share a phone or e-mail with another can be duplicates)
    const sharing = new Set(entries.filter((e) => e.facts?.keys.some((key) => keyCount.get(key)! > 1)).map((e) => e.id));
    const future = new Set(entries.filter((e) => e.facts?.lastAt != null && e.facts.lastAt > today).map((e) => e.id));
    const ended = (e: Entry) => e.facts?.coverUntil != null && e.facts.coverUntil < today;
    const summaries = await store.summaries((e) => e.findings || ended(e) || future.has(e.id) || sharing.has(e.id));
    problems.push(...(await settingsProblems(store)));
    for (const s of summaries) problems.push(...s.problems, ...(s.custom ?? []));
    problems.push(...(await bookFindings(store, summaries, today, summaries.filter((s) => sharing.has(s.id)), future)));
    files = entries.length + 1;
  } else {
    const named = await namedFiles(ctx, store.root, paths);
    if (named.settings) problems.push(...(await settingsProblems(store)));
    for (const id of named.ids) {
      const parsed = await store.dossier(id);
      problems.push(...parsed.problems, ...(parsed.custom ?? []));
      if (parsed.dossier) problems.push(...parsed.place(dayFindings(parsed.dossier, today)));
    }
    files = named.ids.length + (named.settings ? 1 : 0);
  }
  // (tickler.yaml first: what it says changes what every dossier means)
  problems.sort((a, b) => Number(b.file === SETTINGS_FILE) - Number(a.file === SETTINGS_FILE) || byPosition(a, b));
  return { files, ...countBySeverity(problems), problems };
}

async function validateAction(ctx: Context, paths: string[], options: ValidateOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const result = await runValidate(ctx, paths, options);
  if (format === 'json') {
    ctx.stdout.write(jsonText({ files: result.files, errors: result.errors, warnings: result.warnings, problems: result.problems.map(diagnosticJson) }));
  } else {
    for (const problem of result.problems) ctx.stdout.write(`${renderDiagnostic(problem, ctx.chalk)}\n\n`);
    const summary = `${result.files} file${result.files === 1 ? '' : 's'} checked: ${result.errors} error${result.errors === 1 ? '' : 's'}, ${result.warnings} warning${result.warnings === 1 ? '' : 's'}`;
    ctx.stdout.write(`${result.errors ? ctx.chalk.red(summary) : result.warnings ? ctx.chalk.yellow(summary) : ctx.chalk.green(summary)}\n`);
    if (result.dossiersSkipped) ctx.stdout.write('The dossiers are checked once tickler.yaml can be read.\n');
  }
  return result.errors > 0 || (options.strict && result.warnings > 0) ? EXIT.problems : EXIT.ok;
}
