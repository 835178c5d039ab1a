// `tickler today`: the divider for today.
import { today as dayOf } from '../../core/agenda.js';
import { bookProblems } from '../../book/load.js';
import { RememberedNameOrder } from '../../book/name-order.js';
import { diagnosticJson } from '../../render/diagnostics.js';
import { renderToday, type TodayView } from '../../render/agenda-text.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import { formatOf, openBook, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT } from '../errors.js';
import { mark } from '../../trace.js';

export interface TodayOptions extends BookOptions, DateOptions, WhoOptions {
  format?: string;
  strict?: boolean;
}

/** The day's view: items, complaints, birthdays, dropped balls, and the errors that hid dossiers. */
export async function runToday(ctx: Context, options: TodayOptions): Promise<TodayView> {
  const { root, book, today, scope } = await openBook(ctx, options, 1);
  const names = new RememberedNameOrder(root, book.settings, ctx.env);
  mark('book loaded');
  const day = dayOf(book.dossiers, book.settings, today, scope, names);
  names.save();
  mark('day worked out');
  const problems = bookProblems(book).filter((p) => p.severity === 'error');
  return { ...day, owner: scope.owner ?? null, problems };
}

export function todayJson(view: TodayView): Record<string, unknown> {
  return {
    date: view.date,
    owner: view.owner,
    capacity: view.capacity,
    items: view.items,
    complaints: view.complaints,
    birthdays: view.birthdays,
    unscheduled: view.unscheduled,
    overloaded: view.overloaded,
    problems: view.problems.map(diagnosticJson),
  };
}

/** What `tickler today` does; its options and help are in ../definitions.ts. */
export async function todayAction(ctx: Context, done: (code: number) => void, options: TodayOptions): Promise<void> {
  const format = formatOf(options.format);
  const view = await runToday(ctx, options);
  const text = format === 'json' ? undefined : renderToday(view, ctx);
  mark('page made');
  if (text === undefined) writeJson(ctx, todayJson(view));
  else ctx.stdout.write(text);
  mark('page written');
  done(options.strict && view.problems.length > 0 ? EXIT.problems : EXIT.ok);
}
