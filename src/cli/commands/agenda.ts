// `tickler agenda`: the dividers ahead, day by day, or a month at a glance.
import { agenda } from '../../core/agenda.js';
import { addDays } from '../../core/dates.js';
import { bookProblems } from '../../book/load.js';
import { RememberedNameOrder } from '../../book/name-order.js';
import { diagnosticJson } from '../../render/diagnostics.js';
import { renderAgenda, renderMonth, type AgendaView } from '../../render/agenda-text.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import { formatOf, openBook, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT, UsageError } from '../errors.js';

export interface AgendaOptions extends BookOptions, DateOptions, WhoOptions {
  days?: string;
  week?: boolean;
  month?: boolean;
  format?: string;
}

const MAX_DAYS = 366;

function dayCount(options: AgendaOptions): number {
  const chosen = [options.days !== undefined, options.week, options.month].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use only one of --days, --week and --month');
  if (options.month) return 31;
  if (options.week || options.days === undefined) return 7;
  const n = Number(options.days);
  if (!/^\d+$/.test(options.days) || n < 1 || n > MAX_DAYS) throw new UsageError(`--days must be a whole number from 1 to ${MAX_DAYS}, not "${options.days}"`);
  return n;
}

export async function runAgenda(ctx: Context, options: AgendaOptions): Promise<AgendaView> {
  const count = dayCount(options);
  const { root, book, today, scope } = await openBook(ctx, options, count);
  const dates = Array.from({ length: count }, (_, i) => addDays(today, i));
  const names = new RememberedNameOrder(root, book.settings, ctx.env);
  const days = agenda(book.dossiers, book.settings, today, dates, scope, names);
  names.save();
  return {
    from: today,
    to: dates[dates.length - 1]!,
    owner: scope.owner ?? null,
    days,
    problems: bookProblems(book).filter((p) => p.severity === 'error'),
  };
}

/** What `tickler agenda` does; its options and help are in ../definitions.ts. */
export async function agendaAction(ctx: Context, done: (code: number) => void, options: AgendaOptions): Promise<void> {
  const format = formatOf(options.format);
  const view = await runAgenda(ctx, options);
  if (format === 'json') {
    writeJson(ctx, {
      from: view.from,
      to: view.to,
      owner: view.owner,
      days: view.days,
      problems: view.problems.map(diagnosticJson),
    });
  } else ctx.stdout.write(options.month ? renderMonth(view, ctx) : renderAgenda(view, ctx));
  done(EXIT.ok);
}
