// `tickler list`: the clients of the book, filtered, as a table, JSON or CSV.
import type { Command } from 'commander';
import { filingOf, isDropped, nameCollator } from '../../core/agenda.js';
import { daysBetween, type IsoDate } from '../../core/dates.js';
import { activeCover, dayOf, lastContact, type Dossier, type Settings } from '../../core/model.js';
import { clean, foldForSearch } from '../../core/text.js';
import { EXIT, UsageError } from '../../errors.js';
import { diagnosticJson, jsonText } from '../../render/json.js';
import { padEnd, truncate, widthOf } from '../../render/text/layout.js';
import { formatOf, openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { addReadOptions, examples, type Bind } from '../options.js';

export interface ListOptions extends BookOptions, DateOptions, WhoOptions {
  stage?: string;
  tag?: string;
  overdue?: boolean;
  unscheduled?: boolean;
  query?: string;
  format?: string;
}

export function defineList(program: Command, bind: Bind): void {
  const command = program
    .command('list')
    .description('the clients of the book, filtered')
    .option('--stage <stage>', 'only clients in this stage')
    .option('--tag <tag>', 'only clients with this tag')
    .option('--overdue', 'only clients whose next contact (or keep-in-touch) is past')
    .option('--unscheduled', 'only active clients without a next contact (dropped balls)')
    .option('--query <text>', 'only clients whose name, contacts, tags or notes contain every word');
  addReadOptions(command, ['text', 'json', 'csv']);
  examples(command, [
    ['tickler list --owner alice --stage negotiation', "Alice's negotiations"],
    ['tickler list --overdue --mine', 'what I am behind on'],
    ['tickler list --query "kowalski warsaw"', 'search'],
    ['tickler list --format csv > clients.csv', 'for a spreadsheet'],
  ]);
  command.action(bind(listAction));
}

export interface ListRow {
  client: string;
  name: string;
  owner: string | null;
  coveredBy: string | null;
  stage: string | null;
  priority: string;
  tags: string[];
  next: IsoDate | null;
  time: string | null;
  action: string | null;
  due: IsoDate | null;
  overdueDays: number;
  lastContact: IsoDate | null;
  contact: string | null;
  phone: string | null;
  email: string | null;
}

function matchesQuery(dossier: Dossier, query: string): boolean {
  const haystack = [dossier.id, dossier.name, dossier.notes, dossier.offer, ...dossier.tags, ...dossier.contacts.flatMap((c) => [c.name, c.role, c.phone, c.email])]
    .filter((s): s is string => typeof s === 'string')
    .map(foldForSearch)
    .join('\n');
  return foldForSearch(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

export function listRows(dossiers: readonly Dossier[], settings: Settings, today: IsoDate, options: ListOptions, owner: string | undefined): ListRow[] {
  const rows: ListRow[] = [];
  for (const d of dossiers) {
    const cover = activeCover(d, today);
    if (owner !== undefined && d.owner !== owner && cover?.by !== owner) continue;
    if (options.stage !== undefined && d.stage !== options.stage) continue;
    if (options.tag !== undefined && !d.tags.includes(options.tag)) continue;
    const filing = filingOf(d, settings);
    const overdueDays = filing && filing.due < today ? daysBetween(filing.due, today) : 0;
    if (options.overdue && overdueDays === 0) continue;
    if (options.unscheduled && !isDropped(d, settings)) continue;
    if (options.query !== undefined && !matchesQuery(d, options.query)) continue;
    const last = lastContact(d);
    const contact = d.contacts[0];
    rows.push({
      client: d.id,
      name: d.name,
      owner: d.owner ?? null,
      coveredBy: cover?.by ?? null,
      stage: d.stage ?? null,
      priority: d.priority,
      tags: d.tags,
      next: d.next?.date ?? null,
      time: d.next?.time ?? null,
      action: d.next?.action ?? null,
      due: filing?.due ?? null,
      overdueDays,
      lastContact: last ? dayOf(last.at) : null,
      contact: contact?.name ?? null,
      phone: contact?.phone ?? null,
      email: contact?.email ?? null,
    });
  }
  const collator = nameCollator(settings);
  return rows.sort((a, b) => collator.compare(a.name, b.name) || (a.client < b.client ? -1 : 1));
}

const CSV_COLUMNS: (keyof ListRow)[] = ['client', 'name', 'owner', 'coveredBy', 'stage', 'priority', 'tags', 'next', 'time', 'action', 'due', 'overdueDays', 'lastContact', 'contact', 'phone', 'email'];

function renderTable(rows: readonly ListRow[], ctx: Context): string {
  const { chalk } = ctx;
  if (rows.length === 0) return 'No clients match.\n';
  // The owner and, while someone covers for them, who covers, each in a column of its own.
  const covered = rows.some((r) => r.coveredBy);
  const cols = [
    { head: 'CLIENT', get: (r: ListRow) => r.name, max: 36 },
    { head: 'OWNER', get: (r: ListRow) => r.owner ?? '', max: 12 },
    ...(covered ? [{ head: 'COVER', get: (r: ListRow) => r.coveredBy ?? '', max: 12 }] : []),
    { head: 'STAGE', get: (r: ListRow) => r.stage ?? '', max: 14 },
    { head: 'NEXT', get: (r: ListRow) => (r.next ? `${r.next}${r.time ? ` ${r.time}` : ''}` : r.due ? `(${r.due})` : '—'), max: 16 },
  ];
  const widths = cols.map((c) => Math.min(c.max, Math.max(c.head.length, ...rows.map((r) => widthOf(clean(c.get(r)))))));
  // (within the width: the client's name gives way, down to 16 columns)
  const over = widths.reduce((sum, w) => sum + w, 0) + 2 * (cols.length - 1) - ctx.columns;
  if (over > 0) widths[0] = Math.max(16, widths[0]! - over);
  const line = (cells: string[]) => cells.map((cell, i) => padEnd(truncate(cell, widths[i]!), widths[i]!)).join('  ').trimEnd();
  const out = [chalk.bold(line(cols.map((c) => c.head)))];
  for (const r of rows) {
    const text = line(cols.map((c) => clean(c.get(r))));
    out.push(r.overdueDays > 0 ? chalk.red(text) : text);
  }
  out.push(chalk.dim(`${rows.length} client${rows.length === 1 ? '' : 's'}${covered ? '; COVER: who covers for the owner now' : ''}; (date) = keep-in-touch due`));
  return out.join('\n') + '\n';
}

async function listAction(ctx: Context, options: ListOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json', 'csv'] as const);
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const today = todayFor(ctx, store.settings, options);
  if (options.stage !== undefined && !store.settings.stages.includes(options.stage)) {
    throw new UsageError(`unknown stage "${options.stage}" (stages: ${store.settings.stages.join(', ')})`);
  }
  const scope = scopeFor(ctx, store, options);
  const dossiers = (await store.summaries()).flatMap((s) => (s.dossier ? [s.dossier] : []));
  const rows = listRows(dossiers, store.settings, today, options, scope.owner);
  const problems = await store.problems();
  if (format === 'json') ctx.stdout.write(jsonText({ date: today, clients: rows, problems: problems.map(diagnosticJson) }));
  else if (format === 'csv') ctx.stdout.write((await import('../../render/csv-text.js')).csvText(CSV_COLUMNS, rows.map((r) => CSV_COLUMNS.map((c) => r[c]))));
  else {
    ctx.stdout.write(renderTable(rows, ctx));
    if (problems.length) ctx.stderr.write(`${problems.length} file${problems.length === 1 ? '' : 's'} with errors not listed; \`tickler validate\` shows them\n`);
  }
  return settingsExit;
}
