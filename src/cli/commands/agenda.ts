// `tickler agenda`: the dividers ahead, day by day, or a month at a glance.
import type { Command } from 'commander';
import { agendaView, type AgendaView, type Scope } from '../../core/agenda.js';
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Store } from '../../book/store.js';
import { UsageError } from '../../errors.js';
import { diagnosticJson, jsonText } from '../../render/json.js';
import { renderAgenda, renderMonth } from '../../render/text/agenda.js';
import { formatOf, openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { addReadOptions, examples, wholeNumber, type Bind } from '../options.js';

export interface AgendaOptions extends BookOptions, DateOptions, WhoOptions {
  days?: string;
  week?: boolean;
  month?: boolean;
  format?: string;
}

const MAX_DAYS = 366;

export function defineAgenda(program: Command, bind: Bind): void {
  const command = program
    .command('agenda')
    .description('the dividers ahead: each day with its count and items (today includes the overdue)')
    .option('--days <n>', 'how many days, from today (default 7)')
    .option('--week', 'the next 7 days')
    .option('--month', 'the next 31 days as a calendar with the load of each day');
  addReadOptions(command, ['text', 'json']);
  examples(command, [
    ['tickler agenda', 'this week, day by day'],
    ['tickler agenda --month --mine', 'my month at a glance; days over capacity stand out'],
    ['tickler agenda --days 14 --format json', 'two weeks for a script'],
  ]);
  command.action(bind(agendaAction));
}

function dayCount(options: AgendaOptions): number {
  const chosen = [options.days !== undefined, options.week, options.month].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use only one of --days, --week and --month');
  if (options.month) return 31;
  if (options.week || options.days === undefined) return 7;
  return wholeNumber(options.days, '--days', 1, MAX_DAYS);
}

/** `count` dividers of `scope`'s work from `from` on, from the store. */
export async function daysOf(store: Store, from: IsoDate, count: number, scope: Scope): Promise<AgendaView> {
  const dossiers = await store.dossiersFor({ from, until: addDays(from, count - 1), ...scope });
  return agendaView(dossiers, store.settings, from, count, scope, await store.problems());
}

export async function runAgenda(ctx: Context, options: AgendaOptions): Promise<AgendaView> {
  const count = dayCount(options);
  const store = await openBook(ctx, options);
  return daysOf(store, todayFor(ctx, store.settings, options), count, scopeFor(ctx, store, options));
}

async function agendaAction(ctx: Context, options: AgendaOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const count = dayCount(options);
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  const from = todayFor(ctx, store.settings, options);
  const scope = scopeFor(ctx, store, options);
  const view = options.month && format === 'text' ? 'month' : 'agenda';
  const key = JSON.stringify([view, format, from, count, scope.owner ?? null, ctx.chalk.level, ctx.columns]);
  const output = await store.output(key, { from, until: addDays(from, count - 1), ...scope }, async () => {
    const days = await daysOf(store, from, count, scope);
    if (format === 'json') return jsonText({ from: days.from, to: days.to, owner: days.owner, days: days.days, problems: days.problems.map(diagnosticJson) });
    return view === 'month' ? renderMonth(days, ctx) : renderAgenda(days, ctx);
  });
  ctx.stdout.write(output);
  return settingsExit;
}
