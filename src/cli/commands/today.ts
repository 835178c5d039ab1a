// `tickler today`: the divider for today.
import type { Command } from 'commander';
import { today as dayOf } from '../../core/agenda.js';
import { bookProblems } from '../../book/load.js';
import { diagnosticJson } from '../../render/diagnostics.js';
import { renderToday, type TodayView } from '../../render/agenda-text.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import { formatOf, openBook, scopeFor, type BookOptions, type DateOptions, type WhoOptions } from '../common.js';
import { EXIT } from '../errors.js';
import { addReadOptions, examples } from '../options.js';

export interface TodayOptions extends BookOptions, DateOptions, WhoOptions {
  format?: string;
  strict?: boolean;
}

/** The day's view: items, complaints, birthdays, dropped balls, and the errors that hid dossiers. */
export function runToday(ctx: Context, options: TodayOptions): TodayView {
  const { root, book, today } = openBook(ctx, options, 1);
  const scope = scopeFor(ctx, root, book.settings, options);
  const day = dayOf(book.dossiers, book.settings, today, scope);
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

export function registerToday(program: Command, ctx: Context, done: (code: number) => void): void {
  const command = program
    .command('today')
    .description("today's divider: what is due or overdue, with everything needed for each call")
    .option('--strict', 'exit 1 when some dossier could not be read');
  addReadOptions(command, ['text', 'json']);
  examples(command, [
    ['tickler today', "everybody's day"],
    ['tickler today --mine', 'only my clients and those I cover'],
    ['tickler today --owner bob --today 2026-11-30', "what Bob's Monday will look like"],
    ['tickler today --format json | jq .items[0]', 'for scripts'],
  ]);
  command.action((options: TodayOptions) => {
    const format = formatOf(options.format);
    const view = runToday(ctx, options);
    if (format === 'json') writeJson(ctx, todayJson(view));
    else ctx.stdout.write(renderToday(view, ctx));
    done(options.strict && view.problems.length > 0 ? EXIT.problems : EXIT.ok);
  });
}
