// `tickler list`: the clients of the book, filtered, as a table, JSON or CSV.
import { filingOf, isDropped, nameCollator } from '../../core/agenda.js';
import { daysBetween, type IsoDate } from '../../core/dates.js';
import { activeCover, dayOf, lastContact, type Dossier, type Settings } from '../../core/model.js';
import { clean } from '../../core/text.js';
import { bookProblems } from '../../book/load.js';
import { diagnosticJson } from '../../render/diagnostics.js';
import { padEnd, truncate, widthOf } from '../../render/layout.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import { formatOf, openBook, scopeFor, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT, UsageError } from '../errors.js';
import { foldForSearch } from '../../core/text.js';

export interface ListOptions extends BookOptions, DateOptions, WhoOptions {
  stage?: string;
  tag?: string;
  overdue?: boolean;
  unscheduled?: boolean;
  query?: string;
  format?: string;
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

/** A CSV cell: quoted when needed, and never a formula when opened in a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d[\d\s().-]*$/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS: (keyof ListRow)[] = ['client', 'name', 'owner', 'coveredBy', 'stage', 'priority', 'tags', 'next', 'time', 'action', 'due', 'overdueDays', 'lastContact', 'contact', 'phone', 'email'];

function renderTable(rows: readonly ListRow[], ctx: Context): string {
  const { chalk } = ctx;
  if (rows.length === 0) return 'No clients match.\n';
  const cols = [
    { head: 'CLIENT', get: (r: ListRow) => r.name, max: 36 },
    { head: 'OWNER', get: (r: ListRow) => (r.coveredBy ? `${r.coveredBy}*` : (r.owner ?? '')), max: 12 },
    { head: 'STAGE', get: (r: ListRow) => r.stage ?? '', max: 14 },
    { head: 'NEXT', get: (r: ListRow) => (r.next ? `${r.next}${r.time ? ` ${r.time}` : ''}` : r.due ? `(${r.due})` : '—'), max: 16 },
  ];
  const widths = cols.map((c) => Math.min(c.max, Math.max(c.head.length, ...rows.map((r) => widthOf(clean(c.get(r)))))));
  const line = (cells: string[]) => cells.map((cell, i) => padEnd(truncate(cell, widths[i]!), widths[i]!)).join('  ').trimEnd();
  const out = [chalk.bold(line(cols.map((c) => c.head)))];
  for (const r of rows) {
    const text = line(cols.map((c) => clean(c.get(r))));
    out.push(r.overdueDays > 0 ? chalk.red(text) : text);
  }
  out.push(chalk.dim(`${rows.length} client${rows.length === 1 ? '' : 's'}${rows.some((r) => r.coveredBy) ? '; * covering' : ''}; (date) = keep-in-touch due`));
  return out.join('\n') + '\n';
}

/** What `tickler list` does; its options and help are in ../definitions.ts. */
export async function listAction(ctx: Context, done: (code: number) => void, options: ListOptions): Promise<void> {
  const format = formatOf(options.format, ['text', 'json', 'csv']);
  const { root, book, today } = await openBook(ctx, options);
  if (options.stage !== undefined && !book.settings.stages.includes(options.stage)) {
    throw new UsageError(`unknown stage "${options.stage}" (stages: ${book.settings.stages.join(', ')})`);
  }
  const scope = scopeFor(ctx, root, book.settings, options);
  const rows = listRows(book.dossiers, book.settings, today, options, scope.owner);
  const problems = bookProblems(book).filter((p) => p.severity === 'error');
  if (format === 'json') writeJson(ctx, { date: today, clients: rows, problems: problems.map(diagnosticJson) });
  else if (format === 'csv') ctx.stdout.write([CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n');
  else {
    ctx.stdout.write(renderTable(rows, ctx));
    if (problems.length) ctx.stderr.write(`${problems.length} file${problems.length === 1 ? '' : 's'} with errors not listed; \`tickler validate\` shows them\n`);
  }
  done(EXIT.ok);
}
