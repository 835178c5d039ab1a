// `tickler report`: the manager's figures for a period (SPEC 6.12), from whole dossiers and their
// logs: as text with bar charts, Markdown, one standalone HTML page, or JSON.
import type { Command } from 'commander';
import { parseDateInput } from '../../core/date-input.js';
import { addDays, daysBetween, type IsoDate } from '../../core/dates.js';
import type { Dossier, Settings } from '../../core/model.js';
import { buildReport, lastFullWeek, type Report, type ReportBy } from '../../core/report.js';
import { UsageError } from '../../errors.js';
import { renderReportHtml } from '../../render/html/report.js';
import { jsonText } from '../../render/json.js';
import { renderReportMarkdown, renderReportText } from '../../render/text/report.js';
import { formatOf, openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { leftOut, writeOutput } from '../output-file.js';
import { addReadOptions, examples, type Bind } from '../options.js';

export interface ReportOptions extends BookOptions, DateOptions, WhoOptions {
  from?: string;
  to?: string;
  by?: string;
  format?: string;
  output?: string;
}

const BY: readonly ReportBy[] = ['owner', 'stage', 'outcome', 'day'];
const FORMATS = ['text', 'json', 'markdown', 'html'] as const;

export function defineReport(program: Command, bind: Bind): void {
  const command = program
    .command('report')
    .description("the manager's figures for a period: contacts, outcomes, funnel, overdue, cadence, complaints")
    .option('--from <date>', 'first day, e.g. 2026-11-01 or 1.11 (default: Monday of last week)')
    .option('--to <date>', 'last day (default: Sunday of last week; with --from, today)')
    .option('--by <what>', `group the contacts: ${BY.join(', ')}`, 'owner')
    .option('-o, --output <file>', 'write to this file (replaced atomically) instead of stdout');
  addReadOptions(command, FORMATS);
  command.addHelpText(
    'after',
    `
Only real contacts count (not rescheduled, handover or notes). With --owner or
--mine: the member's contacts and clients. Overdue, dropped balls, cadence
kept, open complaints and the funnel are as the book is today.`,
  );
  examples(command, [
    ['tickler report', 'last week, everybody'],
    ['tickler report --format html -o week.html', 'a page to forward to the team'],
    ['tickler report --from 2026-01-01 --to 2026-12-31 --by day', 'the year'],
    ['tickler report --mine --format markdown', 'my week, to paste'],
  ]);
  command.action(bind(reportAction));
}

/** A date as people type it (SPEC 6.6), past ones included: a report is about the past. */
function dateOption(text: string | undefined, option: string, today: IsoDate, settings: Settings): IsoDate | undefined {
  if (text === undefined) return undefined;
  const parsed = parseDateInput(text, { today, calendar: settings.calendar, allowPast: true });
  if (!parsed.ok) throw new UsageError(`${option}: ${parsed.message}`);
  return parsed.date;
}

export async function runReport(ctx: Context, options: ReportOptions): Promise<{ report: Report; settingsExit: number; root: string; left: number }> {
  const by = (options.by ?? 'owner') as ReportBy;
  if (!BY.includes(by)) throw new UsageError(`--by must be one of ${BY.join(', ')}, not "${options.by}"`);
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const today = todayFor(ctx, store.settings, options);
  const week = lastFullWeek(today);
  // (--from alone: up to today; --to alone: the week that ends on it; neither: last week)
  const given = { from: dateOption(options.from, '--from', today, store.settings), to: dateOption(options.to, '--to', today, store.settings) };
  const to = given.to ?? (given.from !== undefined ? today : week.to);
  const start = given.from ?? (given.to !== undefined ? addDays(given.to, -6) : week.from);
  if (start > to) throw new UsageError(`--from ${start} is after --to ${to}`);
  if (daysBetween(start, to) > 3660) throw new UsageError('a report covers at most ten years');
  const scope = scopeFor(ctx, store, options);
  // Whole dossiers, with their full logs: the figures are about history.
  const dossiers: Dossier[] = [];
  let left = 0;
  for (const entry of await store.entries()) {
    const parsed = entry.errors ? undefined : await store.dossier(entry.id);
    if (parsed?.dossier) dossiers.push(parsed.dossier);
    else left++;
  }
  // Moves between stages from the book's history when it is a git repository (one member's: from
  // the outcomes of their calls, which say who).
  const history = scope.owner === undefined ? (await import('../../book/repo.js')).stageMovesInHistory(store.root, 'clients', start, to) : undefined;
  const report = buildReport(dossiers, store.settings, { from: start, to, today, by, ...(scope.owner !== undefined ? { owner: scope.owner } : {}) }, history);
  return { report, settingsExit, root: store.root, left };
}

export function reportJson(report: Report): Record<string, unknown> {
  const { from, to, asOf, owner, by, contacts, funnel, overdue, unscheduled, droppedBalls, cadence, complaints } = report;
  return { from, to, asOf, owner, by, contacts, funnel, overdue, unscheduled, droppedBalls, cadence, complaints };
}

async function reportAction(ctx: Context, options: ReportOptions): Promise<number> {
  const format = formatOf(options.format, FORMATS);
  const { report, settingsExit, root, left } = await runReport(ctx, options);
  const text =
    format === 'json' ? jsonText(reportJson(report)) : format === 'markdown' ? renderReportMarkdown(report) : format === 'html' ? renderReportHtml(report) : renderReportText(report, ctx);
  writeOutput(ctx, root, options.output, text);
  leftOut(ctx, left);
  return settingsExit;
}
