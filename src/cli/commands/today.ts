// `tickler today`: the divider for today.
import type { Command } from 'commander';
import { todayView, type Scope, type TodayView } from '../../core/agenda.js';
import type { IsoDate } from '../../core/dates.js';
import type { Store } from '../../book/store.js';
import { EXIT } from '../../errors.js';
import { diagnosticJson, jsonText } from '../../render/json.js';
import { renderToday } from '../../render/text/agenda.js';
import { formatOf, openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { addReadOptions, examples, type Bind } from '../options.js';

export interface TodayOptions extends BookOptions, DateOptions, WhoOptions {
  format?: string;
  strict?: boolean;
}

export function defineToday(program: Command, bind: Bind): void {
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
  command.action(bind(todayAction));
}

/** Today's divider of `scope`'s work, from the store. */
export async function dayOf(store: Store, date: IsoDate, scope: Scope): Promise<TodayView> {
  const dossiers = await store.dossiersFor({ from: date, until: date, ...scope });
  return todayView(dossiers, store.settings, date, scope, await store.problems());
}

/** The day's view: items, complaints, birthdays, dropped balls, and the errors that hid dossiers. */
export async function runToday(ctx: Context, options: TodayOptions): Promise<TodayView> {
  const store = await openBook(ctx, options);
  return dayOf(store, todayFor(ctx, store.settings, options), scopeFor(ctx, store, options));
}

export function todayJson(view: TodayView): Record<string, unknown> {
  const { date, owner, capacity, items, complaints, birthdays, unscheduled, overloaded, loads } = view;
  return { date, owner, capacity, items, complaints, birthdays, unscheduled, overloaded, loads, problems: view.problems.map(diagnosticJson) };
}

async function todayAction(ctx: Context, options: TodayOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const date = todayFor(ctx, store.settings, options);
  const scope = scopeFor(ctx, store, options);
  const key = JSON.stringify(['today', format, date, scope.owner ?? null, ctx.chalk.level, ctx.columns]);
  const output = await store.output(key, { from: date, until: date, ...scope }, async () => {
    const view = await dayOf(store, date, scope);
    return format === 'json' ? jsonText(todayJson(view)) : renderToday(view, ctx);
  });
  ctx.stdout.write(output);
  return options.strict && (await store.problems()).length > 0 ? EXIT.problems : settingsExit;
}
