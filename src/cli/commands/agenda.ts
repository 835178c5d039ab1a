// `tickler agenda`: the dividers ahead, day by day, or a month at a glance.
import { RememberedNameOrder } from '../../book/name-order.js';
import type { AgendaView } from '../../render/agenda-text.js';
import type { Context } from '../context.js';
import { formatOf, openBook, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT, UsageError } from '../errors.js';
import { agendaView, bookPage } from '../pages.js';

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
  const names = new RememberedNameOrder(root, book.settings, ctx.env);
  const view = agendaView(book, today, count, scope, names);
  names.save();
  return view;
}

/** What `tickler agenda` does; its options and help are in ../definitions.ts. */
export async function agendaAction(ctx: Context, done: (code: number) => void, options: AgendaOptions): Promise<void> {
  const format = formatOf(options.format) as 'text' | 'json';
  const days = dayCount(options);
  const base = { view: options.month && format === 'text' ? 'month' : 'agenda', format, days } as const;
  const opened = await openBook(ctx, options, days, base);
  const page = await bookPage(ctx, opened, base);
  ctx.stdout.write(page.text);
  done(EXIT.ok);
}
