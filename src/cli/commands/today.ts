// `tickler today`: the divider for today.
import { RememberedNameOrder } from '../../book/name-order.js';
import type { TodayView } from '../../render/agenda-text.js';
import type { Context } from '../context.js';
import { formatOf, openBook, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT } from '../errors.js';
import { bookPage, todayView } from '../pages.js';
import { mark } from '../../trace.js';

export { todayJson } from '../pages.js';

export interface TodayOptions extends BookOptions, DateOptions, WhoOptions {
  format?: string;
  strict?: boolean;
}

/** The day's view: items, complaints, birthdays, dropped balls, and the errors that hid dossiers. */
export async function runToday(ctx: Context, options: TodayOptions): Promise<TodayView> {
  const { root, book, today, scope } = await openBook(ctx, options, 1);
  const names = new RememberedNameOrder(root, book.settings, ctx.env);
  const view = todayView(book, today, scope, names);
  names.save();
  return view;
}

/** What `tickler today` does; its options and help are in ../definitions.ts. */
export async function todayAction(ctx: Context, done: (code: number) => void, options: TodayOptions): Promise<void> {
  const format = formatOf(options.format) as 'text' | 'json';
  const base = { view: 'today', format, days: 1 } as const;
  const opened = await openBook(ctx, options, 1, base);
  mark('book loaded');
  const page = await bookPage(ctx, opened, base);
  ctx.stdout.write(page.text);
  mark('page written');
  done(options.strict && page.problems > 0 ? EXIT.problems : EXIT.ok);
}
