// `tickler import FILE.csv`: dossiers from a spreadsheet or another CRM's export (SPEC 6.14). The
// reading, matching and judging of rows is in core/import.ts, loaded when the command runs.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Edit } from '../../book/write/edit.js';
import { dossierFile, MAX_FILE_BYTES } from '../../book/read/file.js';
import { readers } from '../../book/store.js';
import type { ImportField, RowFields } from '../../core/import.js';
import type { Dossier } from '../../core/model.js';
import { clean } from '../../core/text.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, collect, examples, type Bind } from '../options.js';
import { autocommit, oneOf, openForWrite, type WriteOptions, type WriteSession } from '../writing.js';

export interface ImportOptions extends WriteOptions {
  map?: string[];
  owner?: string;
  update?: boolean;
  dryRun?: boolean;
  delimiter?: string;
  format?: string;
}

export function defineImport(program: Command, bind: Bind): void {
  const command = program
    .command('import')
    .description('dossiers from a spreadsheet or another CRM (a CSV file); clients already in the book are skipped, or updated with --update')
    .argument('<file>', 'the CSV file: UTF-8, comma, semicolon or tab separated, a header line first')
    .option('--map <field=column>', 'the column of a field (repeatable); fields: name, contact, role, phone, email, next, owner, stage, tags, notes; COLUMN is a header or a number from 1; "field=" leaves a guessed column out', collect)
    .option('--owner <member>', 'owner of the rows that name none (default: me)')
    .option('--update', 'update the clients rows match (only the fields the row has) instead of skipping them')
    .option('--dry-run', 'write nothing; say what would be done')
    .option('--delimiter <char>', 'the delimiter of cells: "," ";" "tab" or another character (default: guessed from the header line)')
    .option('--as <member>', 'who imports (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  command.addHelpText(
    'after',
    `
Columns are found by their headers in English, Polish, Latvian, Bulgarian or
Russian (Company, Firma, Nazwa, Uzņēmums, Фирма, Название; Contact, Osoba
kontaktowa, Kontaktpersona, Лице за контакт, Контактное лицо; Phone, Telefon,
Tālrunis, Телефон; E-mail, E-pasts, Имейл, Эл. почта; Next contact, Następny
kontakt; Owner, Opiekun; Stage, Etap; Tags, Tagi; Notes, Uwagi, Piezīmes,
Бележки, Примечания …); --map names the others. Dates: 2026-11-24, 24.11.2026
or 4.1.2027. Tags: several in a cell, split at "," or ";". An owner: a
member's key, name or e-mail. A phone or e-mail without a contact person goes
to a contact named after the client.

A row that matches a client of the book (same phone, e-mail or name) is
skipped; with --update, that client gets the row's values: owner, stage and
next are set, tags and notes added, the row's person (found by name, else by
phone or e-mail) updated or added; names are never changed. A row that repeats
an earlier row of the file is rejected, as is one without a name or with a bad
value. Rows are named by the line of the file they start on. --dry-run prints
the same summary.

Exit codes: 0 when no row was rejected; 1 when some were (the other rows are
still imported) or nothing could be (not UTF-8 CSV, a dossier changed
meanwhile); 2 usage error (no such file, no column for the name, an unknown
--map field or column).
`,
  );
  examples(command, [
    ['tickler import clients.csv --dry-run', 'see what it would do'],
    ['tickler import clients.csv --owner bob', "rows without an owner are Bob's"],
    ['tickler import export.csv --map name=2 --map "phone=Tel. kom." --map tags=', 'columns named by hand'],
    ['tickler import crm.csv --update --format json', 'bring the book up to date with another CRM'],
  ]);
  command.action(bind(importAction));
}

export interface ImportResult {
  /** The file as named on the command line. */
  file: string;
  dryRun: boolean;
  delimiter: string;
  /** Field → the column it was read from ("3 Telefon"). */
  columns: Partial<Record<ImportField, string>>;
  /** Columns no field was read from. */
  unused: string[];
  created: { row: number; client: string; file: string }[];
  updated: { row: number; client: string; file: string; fields: ImportField[] }[];
  skipped: { row: number; reason: string; client?: string; file?: string }[];
  rejected: { row: number; reason: string }[];
  /** When a write failed part-way: why, and the rows planned that were not written. */
  failure?: { message: string; rows: number[] };
}

/** Largest file read: a book's worth of clients is megabytes, not hundreds of them. */
const MAX_CSV_BYTES = 128 * 1024 * 1024;

/** The bytes of the file named on the command line, or a one-line refusal. */
function readInput(ctx: Context, file: string): Buffer {
  const path = resolve(ctx.cwd, file);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`${file}: no such file`);
  if (stat.isDirectory()) throw new UsageError(`${file} is a folder; name the CSV file to import`);
  if (!stat.isFile()) throw new UsageError(`${file} is not a regular file`);
  if (stat.size > MAX_CSV_BYTES) throw new RefusedError(`${file} is ${Math.round(stat.size / 1024 / 1024)} MB; import at most ${MAX_CSV_BYTES / 1024 / 1024} MB at once (split the file); nothing was imported`);
  return readFileSync(path);
}

function delimiterOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (text === 'tab' || text === '\\t' || text === '\t') return '\t';
  if ([...text].length !== 1 || /["\r\n]/.test(text)) throw new UsageError(`--delimiter must be one character (or "tab"), not "${text}"`);
  return text;
}

/** Reads the file and plans every row against the book; with `dryRun` false, writes the plan. */
export async function runImport(ctx: Context, session: WriteSession, file: string, options: ImportOptions): Promise<ImportResult> {
  const { store, settings } = session;
  const delimiter = delimiterOf(options.delimiter);
  const owner = options.owner ?? session.me;
  if (settings.team.size > 0) oneOf(owner, [...settings.team.keys()], 'owner', 'tickler.yaml `team`');
  const bytes = readInput(ctx, file);
  const core = await import('../../core/import.js');
  const decoded = core.decodeCsv(bytes);
  if ('problem' in decoded) throw new RefusedError(`${file} ${decoded.problem}; nothing was imported`);
  const read = core.readCsv(decoded.text, delimiter);
  if ('problem' in read) throw new RefusedError(`${file}: ${read.problem}; nothing was imported`);
  const { table } = read;
  const found = core.importColumns(table.header, options.map);
  if ('problem' in found) throw new UsageError(found.problem);
  const { columns } = found;

  const { idFromName, dossierText } = await import('../../book/write/new-dossier.js');
  const { parseDossier } = await readers();
  const context = await store.dossierContext();
  const summaries = await store.summaries();
  // What can be read of dossiers with errors (a name, the contacts' phones and e-mails): a row that
  // matches one is a duplicate all the same.
  const shadows: Dossier[] = [];
  for (const summary of summaries.filter((s) => !s.dossier)) {
    const data = (await store.dossier(summary.id)).data;
    if (!data || typeof data.name !== 'string') continue;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const contacts = (Array.isArray(data.contacts) ? data.contacts : []).flatMap((c: unknown) => {
      if (!c || typeof c !== 'object') return [];
      const { name, phone, email } = c as Record<string, unknown>;
      return [{ name: text(name) ?? '', ...(text(phone) ? { phone: text(phone)! } : {}), ...(text(email) ? { email: text(email)! } : {}) }];
    });
    shadows.push({ id: summary.id, file: summary.file, name: data.name, priority: 'normal', tags: [], contacts, complaints: [], log: [], extra: {} });
  }
  const texts = new Map<string, string>();
  const action = settings.actions[0] ?? 'call';
  const outcomes = core.planImport(table, columns, {
    team: settings.team,
    stages: settings.stages,
    action,
    owner,
    stage: settings.stages.includes('lead') ? 'lead' : settings.stages[0]!,
    dossiers: [...summaries.flatMap((s) => (s.dossier ? [s.dossier] : [])), ...shadows],
    broken: new Set(shadows.map((d) => d.id)),
    ids: summaries.map((s) => s.id),
    idFromName,
    update: options.update === true,
    check: (id, data) => {
      const text = dossierText(data);
      if (Buffer.byteLength(text) > MAX_FILE_BYTES) return `the dossier would be over ${MAX_FILE_BYTES} bytes`;
      const error = parseDossier(id, Buffer.from(text), context).problems.find((p) => p.severity === 'error');
      if (error) return `the dossier would not be valid: ${error.message}`;
      texts.set(id, text);
      return undefined;
    },
  });

  const result: ImportResult = {
    file,
    dryRun: options.dryRun === true,
    delimiter: table.delimiter,
    columns: Object.fromEntries(Object.entries(columns).map(([field, i]) => [field, core.columnLabel(table.header, i)])),
    unused: table.header.flatMap((_, i) => (Object.values(columns).includes(i) ? [] : [core.columnLabel(table.header, i)])),
    created: [],
    updated: [],
    skipped: [],
    rejected: [],
  };
  for (const outcome of outcomes) {
    if (outcome.kind === 'skip') result.skipped.push({ row: outcome.row, reason: outcome.reason, ...(outcome.id ? { client: outcome.id, file: outcome.file! } : {}) });
    else if (outcome.kind === 'reject') result.rejected.push({ row: outcome.row, reason: outcome.reason });
  }
  const updates = outcomes.flatMap((o) => (o.kind === 'update' ? [o] : []));
  const creates = outcomes.flatMap((o) => (o.kind === 'create' ? [o] : []));

  // Updates first: refused as a whole (a dossier with errors, changed meanwhile) they leave nothing written.
  const updated = await saveUpdates(session, updates, action, result.dryRun);
  for (const [i, update] of updates.entries()) {
    const fields = updated[i]!;
    if (fields.length > 0) result.updated.push({ row: update.row, client: update.id, file: update.file, fields });
    else result.skipped.push({ row: update.row, reason: `already up to date (${update.file}: ${update.why})`, client: update.id, file: update.file });
  }
  if (result.dryRun) {
    result.created = creates.map((c) => ({ row: c.row, client: c.id, file: dossierFile(c.id) }));
  } else if (creates.length > 0) {
    const progress = ctx.isTTY && ctx.env.CI === undefined && creates.length >= 500;
    const byFile = new Map(creates.map((c) => [dossierFile(c.id), c]));
    try {
      await store.createMany(
        creates.map((c) => ({ id: c.id, text: texts.get(c.id)! })),
        (written) => {
          const c = byFile.get(written)!;
          byFile.delete(written);
          result.created.push({ row: c.row, client: c.id, file: written });
          if (progress && result.created.length % 100 === 0) ctx.stderr.write(`\rwriting ${result.created.length} of ${creates.length} new dossiers…`);
        },
      );
    } catch (error) {
      if (result.created.length === 0 && result.updated.length === 0) throw error;
      result.failure = { message: (error as Error).message, rows: [...byFile.values()].map((c) => c.row) };
    } finally {
      if (progress) ctx.stderr.write('\r\x1b[K');
    }
    // (written a few at a time: said in the file's order)
    result.created.sort(byRow);
  }
  result.skipped.sort((a, b) => a.row - b.row);
  return result;
}

/**
 * The fields each update changes, worked out on the dossiers as the book's list has them; unless
 * `dryRun`, those that change anything are then made under one lock, on the files as they are then.
 */
async function saveUpdates(session: WriteSession, updates: readonly { id: string; fields: RowFields; dossier: Dossier }[], action: string, dryRun: boolean): Promise<ImportField[][]> {
  if (updates.length === 0) return [];
  const { updateEdits } = await import('../../core/import.js');
  const planned = updates.map((update) => updateEdits(update.dossier, update.fields, action).changed);
  const changing = updates.filter((_, i) => planned[i]!.length > 0);
  if (dryRun || changing.length === 0) return planned;
  const made = await session.store.edit(
    changing.map((u) => u.id),
    (drafts) => {
      const edits = new Map<string, Edit[]>();
      const changed = new Map<string, ImportField[]>();
      drafts.forEach((draft, i) => {
        const plan = updateEdits(draft.dossier, changing[i]!.fields, action);
        edits.set(draft.id, plan.edits as Edit[]);
        changed.set(draft.id, plan.changed);
      });
      return { edits, result: changed };
    },
  );
  return updates.map((u, i) => made.get(u.id) ?? planned[i]!);
}

const byRow = <T extends { row: number }>(a: T, b: T) => a.row - b.row;

/** The summary: the counts, the columns read, then every row not created, with why. */
export function importText(result: ImportResult): string {
  const lines: string[] = [];
  const columns = Object.entries(result.columns).map(([field, column]) => `${field} ← ${column}`);
  lines.push(`columns: ${columns.join(', ')}${result.unused.length > 0 ? `; not imported: ${result.unused.join(', ')}` : ''}`);
  const counts = `${result.created.length} created, ${result.updated.length} updated, ${result.skipped.length} skipped, ${result.rejected.length} rejected`;
  lines.push(`${result.file}: ${counts}${result.dryRun ? ' (dry run: nothing was written)' : ''}`);
  const rows = [
    ...result.updated.map((u) => ({ row: u.row, text: `updated ${u.file} (${u.fields.join(', ')})` })),
    ...result.skipped.map((s) => ({ row: s.row, text: `skipped: ${s.reason}` })),
    ...result.rejected.map((r) => ({ row: r.row, text: `rejected: ${r.reason}` })),
  ].sort(byRow);
  const width = String(rows.at(-1)?.row ?? 0).length;
  for (const { row, text } of rows) lines.push(`  row ${String(row).padStart(width)}  ${text}`);
  return `${lines.map(clean).join('\n')}\n`;
}

export function importJson(result: ImportResult): Record<string, unknown> {
  return {
    file: result.file,
    dryRun: result.dryRun,
    delimiter: result.delimiter,
    columns: result.columns,
    created: result.created,
    updated: result.updated,
    skipped: result.skipped,
    rejected: result.rejected,
    ...(result.failure ? { failure: result.failure } : {}),
  };
}

/** The commit message of an import (git.autocommit). */
export function importMessage(result: ImportResult): string {
  return `import ${basename(result.file)}: ${result.created.length} created, ${result.updated.length} updated`;
}

async function importAction(ctx: Context, file: string, options: ImportOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options, 'when-needed');
  const result = await runImport(ctx, session, file, options);
  ctx.stdout.write(format === 'json' ? jsonText(importJson(result)) : importText(result));
  let code: number = result.rejected.length > 0 ? EXIT.problems : EXIT.ok;
  if (result.failure) {
    const rows = result.failure.rows;
    ctx.stderr.write(`tickler: ${result.failure.message.split('\n').map(clean).join('\n')}\n`);
    const updated = result.updated.length > 0 ? ` and the ${result.updated.length} listed as updated` : '';
    ctx.stderr.write(`tickler: the ${result.created.length} dossiers listed as created${updated} were written; ${rows.length} new ones (rows ${rows.slice(0, 10).join(', ')}${rows.length > 10 ? ', …' : ''}) were not\n`);
    code = EXIT.problems;
  }
  if (!result.dryRun) {
    const files = [...result.updated.map((u) => u.file), ...result.created.map((c) => c.file)];
    const committed = await autocommit(ctx, session, files, importMessage(result));
    if (committed !== EXIT.ok) code = committed;
  }
  return code;
}
