// `tickler export ics|csv|json`: the book for other programs. A calendar feed of the next contacts
// and birthdays; every client as a row for spreadsheets; written to stdout, or atomically to a file
// (-o) that a web server may serve while it is replaced.
import type { Command } from 'commander';
import { calendarEvents } from '../../core/calendar.js';
import { dayOf, lastContact, responsibleOn, type Dossier } from '../../core/model.js';
import { nameCollator } from '../../core/agenda.js';
import type { IsoDate } from '../../core/dates.js';
import { UsageError } from '../../errors.js';
import { renderIcs } from '../../render/ics.js';
import { jsonText } from '../../render/json.js';
import { VERSION } from '../../version.js';
import { openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { leftOut, writeOutput } from '../output-file.js';
import { addBookOption, addDateOption, examples, wholeNumber, type Bind } from '../options.js';

export interface ExportOptions extends BookOptions, DateOptions, WhoOptions {
  output?: string;
  days?: string;
  delimiter?: string;
  bom?: boolean;
}

const FORMATS = ['ics', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

export function defineExport(program: Command, bind: Bind): void {
  const command = program
    .command('export')
    .argument('<format>', `${FORMATS.join(', ')}`)
    .description('the book for other programs: a calendar feed (ics), or every client as a row (csv, json)')
    .option('-o, --output <file>', 'write to this file (replaced atomically) instead of stdout')
    .option('--owner <member>', "only this member's clients (and those they cover)")
    .option('--mine', 'only my clients and those I cover')
    .option('--as <member>', 'who "me" is (default: $TICKLER_USER, else git config user.email)')
    .option('--days <n>', 'ics: next contacts up to this many days ahead (overdue ones included)', '90')
    .option('--delimiter <char>', 'csv: the field separator, "," or ";" (for spreadsheets set to use commas in numbers)', ',')
    .option('--bom', 'csv: start with a byte order mark (for spreadsheets that need one to read UTF-8)');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler export ics --mine -o ~/public/alice.ics', 'a feed to subscribe to in a calendar app'],
    ['tickler export csv --delimiter ";" --bom -o clients.csv', 'for a spreadsheet in Poland or Latvia'],
    ['tickler export json | jq \'.clients[] | select(.stage == "lead")\'', 'for scripts'],
  ]);
  command.action(bind(exportAction));
}

/** One client as a row of the spreadsheet export. */
export interface ClientRow {
  client: string;
  name: string;
  owner: string | null;
  stage: string | null;
  priority: string;
  tags: string[];
  contact: string | null;
  role: string | null;
  phone: string | null;
  email: string | null;
  next: IsoDate | null;
  time: string | null;
  action: string | null;
  note: string | null;
  lastContact: IsoDate | null;
  lastOutcome: string | null;
  offer: string | null;
}

const COLUMNS: readonly (keyof ClientRow)[] = ['client', 'name', 'owner', 'stage', 'priority', 'tags', 'contact', 'role', 'phone', 'email', 'next', 'time', 'action', 'note', 'lastContact', 'lastOutcome', 'offer'];

export function clientRow(d: Dossier): ClientRow {
  const contact = d.contacts[0];
  const last = lastContact(d);
  return {
    client: d.id,
    name: d.name,
    owner: d.owner ?? null,
    stage: d.stage ?? null,
    priority: d.priority,
    tags: d.tags,
    contact: contact?.name ?? null,
    role: contact?.role ?? null,
    phone: contact?.phone ?? null,
    email: contact?.email ?? null,
    next: d.next?.date ?? null,
    time: d.next?.time ?? null,
    action: d.next?.action ?? null,
    note: d.next?.note ?? null,
    lastContact: last ? dayOf(last.at) : null,
    lastOutcome: last?.outcome ?? null,
    offer: d.offer ?? null,
  };
}

/** Rows as CSV: RFC 4180 quoting, CRLF, every cell defused for spreadsheets. */
export async function clientsCsv(rows: readonly ClientRow[], delimiter: string, bom: boolean): Promise<string> {
  const { csvText } = await import('../../render/csv-text.js');
  return csvText(COLUMNS, rows.map((row) => COLUMNS.map((column) => (column === 'tags' ? row.tags.join(', ') : row[column]))), { delimiter, bom });
}

/** The export's text for `format`. */
export async function runExport(ctx: Context, format: Format, options: ExportOptions): Promise<{ text: string; settingsExit: number; root: string; left: number }> {
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const { settings } = store;
  const today = todayFor(ctx, settings, options);
  const scope = scopeFor(ctx, store, options);
  const summaries = await store.summaries();
  const dossiers = summaries.flatMap((s) => (s.dossier ? [s.dossier] : []));
  const done = { settingsExit, root: store.root, left: summaries.length - dossiers.length };
  if (format === 'ics') {
    const events = calendarEvents(dossiers, settings, { today, days: wholeNumber(options.days ?? '90', '--days', 0, 3660), ...(scope.owner ? { owner: scope.owner } : {}) });
    const name = `tickler${scope.owner ? ` — ${settings.team.get(scope.owner)?.name ?? scope.owner}` : ''}`;
    return { text: renderIcs({ name, stamp: ctx.now(), ...(settings.timezone ? { timezone: settings.timezone } : {}), version: VERSION, events }), ...done };
  }
  const collator = nameCollator(settings);
  const rows = dossiers
    .filter((d) => scope.owner === undefined || d.owner === scope.owner || responsibleOn(d, today) === scope.owner)
    .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
    .map(clientRow);
  if (format === 'json') return { text: jsonText({ date: today, clients: rows }), ...done };
  if (options.delimiter !== ',' && options.delimiter !== ';' && options.delimiter !== '\t') throw new UsageError(`--delimiter must be "," or ";" (or a tab), not "${options.delimiter}"`);
  return { text: await clientsCsv(rows, options.delimiter, options.bom === true), ...done };
}

async function exportAction(ctx: Context, format: string, options: ExportOptions): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`export what? ${FORMATS.join(', ')}, not "${format}"`);
  if (format !== 'csv' && (options.bom || options.delimiter !== ',')) throw new UsageError('--delimiter and --bom are for csv');
  const { text, settingsExit, root, left } = await runExport(ctx, format as Format, options);
  writeOutput(ctx, root, options.output, text);
  leftOut(ctx, left);
  return settingsExit;
}
