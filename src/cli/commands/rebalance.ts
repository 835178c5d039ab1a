// `tickler rebalance`: when a day holds more than someone can handle, plan which clients move to
// which following working days, and why; with --apply, write every move under one lock, each with
// a `rescheduled` log entry (reason "rebalance").
import type { Command } from 'commander';
import type { Edit } from '../../book/write/edit.js';
import { parseDateInput } from '../../core/date-input.js';
import { formatDayLong, formatDayShort } from '../../core/dates.js';
import { followingWorkdays, planRebalance, type Move, type RebalancePlan } from '../../core/rebalance.js';
import { filingOf } from '../../core/filing.js';
import { planReschedule } from '../../core/refile.js';
import { clean } from '../../core/text.js';
import { RefusedError, UsageError } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { padEnd, truncate, widthOf, wrap } from '../../render/text/layout.js';
import { formatOf, openBook, scopeFor, settingsErrors, todayFor, type BookOptions, type DateOptions, type WhoOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, examples, wholeNumber, type Bind } from '../options.js';
import { autocommit, inTimeOrder, openForWrite, stampNow, type WriteSession } from '../writing.js';

export interface RebalanceOptions extends BookOptions, DateOptions, WhoOptions {
  date?: string;
  capacity?: string;
  within?: string;
  days?: string;
  apply?: boolean;
  format?: string;
}

export function defineRebalance(program: Command, bind: Bind): void {
  const command = program
    .command('rebalance')
    .description("spread a day that is over capacity over the following working days: a plan, written with --apply")
    .option('--date <date>', 'the day to relieve: today or later, e.g. friday, 30.11 (default: today, with its overdue items)')
    .option('--owner <member>', "only this member's day (covers included)")
    .option('--mine', 'only my day')
    .option('--as <member>', 'who I am, and who writes the log entries (default: $TICKLER_USER, else git config user.email)')
    .option('--capacity <n>', "contacts a day, instead of each member's capacity (or the book's)")
    .option('--within <n>', 'how many following working days may take clients', '10')
    .option('--days <n>', 'relieve this many days: the date and the working days after it', '1')
    .option('--apply', 'write the moves (each with a "rescheduled" log entry)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  command.addHelpText(
    'after',
    `
Fixed-time appointments never move. Low priority goes first, then normal, then
high; among equals the least overdue, then the most recently contacted. Each
goes to the earliest following working day (holidays and days off skipped)
where whoever has the client that day still has room; a covered client counts
on the cover's day. What finds no room is listed, never dropped.`,
  );
  examples(command, [
    ['tickler rebalance', "everybody's plan for today"],
    ['tickler rebalance --mine --apply', 'spread my day and write it'],
    ['tickler rebalance --owner bob --date 2026-11-30 --capacity 15', "Bob's Monday at 15 a day"],
  ]);
  command.action(bind(rebalanceAction));
}

export interface RebalanceResult extends RebalancePlan {
  applied: boolean;
}

/** The plan for the day (and, with --apply, the moves written). */
export async function runRebalance(ctx: Context, options: RebalanceOptions): Promise<RebalanceResult & { settingsExit: number; files: string[]; session?: WriteSession }> {
  const capacity = options.capacity === undefined ? undefined : wholeNumber(options.capacity, '--capacity', 1, 10_000);
  const within = wholeNumber(options.within ?? '10', '--within', 1, 250);
  const days = wholeNumber(options.days ?? '1', '--days', 1, 250);
  const session = options.apply ? await openForWrite(ctx, options) : undefined;
  const store = session?.store ?? (await openBook(ctx, options));
  const settingsExit = settingsErrors(ctx, store);
  const { settings } = store;
  const today = session?.today ?? todayFor(ctx, settings, options);
  // (a day as people type it; a past day's clients are today's overdue ones: rebalance today)
  const parsed = options.date === undefined ? undefined : parseDateInput(options.date, { today, calendar: settings.calendar, allowPast: true });
  if (parsed && !parsed.ok) throw new UsageError(`--date: ${parsed.message}`);
  const date = parsed?.ok ? parsed.date : today;
  if (date < today) throw new UsageError(`--date ${date} is past: its clients are overdue, on today's divider; rebalance today (no --date)`);
  const scope = scopeFor(ctx, store, options);
  const lastRelieved = followingWorkdays(date, days - 1, settings).at(-1) ?? date;
  const until = followingWorkdays(lastRelieved, within, settings).at(-1) ?? lastRelieved;
  const dossiers = await store.dossiersFor({ from: date < today ? date : today, until });
  const plan = planRebalance(dossiers, settings, { date, today, within, days, ...(scope.owner !== undefined ? { owner: scope.owner } : {}), ...(capacity !== undefined ? { capacity } : {}) });
  if (!session || plan.moves.length === 0) return { ...plan, applied: false, settingsExit, files: [] };

  // All moves under one lock, on the files as they are now: a client refiled meanwhile is left alone.
  const byId = new Map(plan.moves.map((m) => [m.client, m]));
  const written = await store.edit([...byId.keys()], (drafts) => {
    const at = stampNow(ctx, session);
    const edits = new Map<string, Edit[]>();
    const done: Move[] = [];
    for (const draft of drafts) {
      const move = byId.get(draft.id)!;
      if (filingOf(draft.dossier, settings)?.due !== move.from) continue;
      const step = planReschedule(draft.dossier, settings, { at, by: session.me, to: move.to, reason: 'rebalance' });
      const change: Edit[] = [
        draft.dossier.next ? { op: 'set', path: ['next', 'date'], value: move.to } : { op: 'set', path: ['next'], value: step.next },
        { op: 'append', path: ['log'], value: step.entry },
      ];
      edits.set(draft.id, inTimeOrder(ctx, draft, change, at));
      done.push(move);
    }
    if (done.length === 0) throw new RefusedError('every planned client was refiled meanwhile; nothing was written (run rebalance again)');
    return { edits, result: done };
  });
  const left = plan.moves.filter((m) => !written.includes(m));
  for (const m of left) ctx.stderr.write(`tickler: ${m.client} was refiled meanwhile; left as it is\n`);
  return { ...plan, moves: written, applied: true, settingsExit, files: written.map((m) => `clients/${m.client}.yaml`), session };
}

export function rebalanceJson(result: RebalanceResult): Record<string, unknown> {
  return {
    date: result.date,
    applied: result.applied,
    over: result.over,
    moves: result.moves.map((m) => {
      const over = result.over.find((o) => o.owner === m.owner && o.date === m.day)!;
      return { client: m.client, owner: m.owner, from: m.from, to: m.to, reason: `${m.owner} has ${over.count}, capacity ${over.capacity}: ${m.why}`, kind: m.reason, ...(m.toMember !== m.owner ? { coveredBy: m.toMember } : {}) };
    }),
    unplaced: result.unplaced.map((u) => ({ client: u.client, owner: u.owner, reason: u.reason })),
    stillOver: result.stillOver,
    noCapacity: result.noCapacity,
  };
}

export function renderRebalance(result: RebalanceResult, ctx: Pick<Context, 'chalk' | 'columns'>): string {
  const { chalk } = ctx;
  const out: string[] = [];
  const relieved = [...new Set([result.date, ...result.over.map((o) => o.date)])];
  const head = `${chalk.bold(formatDayLong(result.date))}${relieved.length > 1 ? ` – ${formatDayLong(relieved.at(-1)!)}` : ''}: `;
  if (result.moves.length === 0 && result.unplaced.length === 0 && result.stillOver.length === 0) {
    out.push(`${head}nobody is over capacity; nothing to move.`);
  } else {
    const verb = result.applied ? 'moved' : 'to move';
    const into = [...new Set(result.moves.map((m) => m.to))].sort();
    out.push(`${head}${result.moves.length} client${result.moves.length === 1 ? '' : 's'} ${verb}${into.length > 0 ? ` (into ${formatDayShort(into[0]!)}${into.length > 1 ? ` – ${formatDayShort(into.at(-1)!)}` : ''})` : ''}`);
    const width = Math.min(32, Math.max(0, ...result.moves.map((m) => widthOf(clean(m.name)))));
    const several = new Set(result.over.map((o) => o.date)).size > 1;
    let group: string | undefined;
    for (const m of result.moves) {
      if (`${m.day} ${m.owner}` !== group) {
        const over = result.over.find((o) => o.owner === m.owner && o.date === m.day)!;
        out.push('', `  ${chalk.bold(m.owner)}${several ? ` on ${formatDayShort(m.day)}` : ''}: ${over.count} on the day, capacity ${over.capacity}`);
      }
      group = `${m.day} ${m.owner}`;
      const when = `${formatDayShort(m.from)} → ${formatDayShort(m.to)}`;
      out.push(`    ${padEnd(truncate(clean(m.name), width), width)}  ${when}`);
      const indent = ' '.repeat(4 + width + 2);
      for (const line of wrap(m.why, ctx.columns, indent)) out.push(chalk.dim(`${indent}${line}`));
    }
    if (result.unplaced.length > 0) {
      out.push('', chalk.yellow.bold('  No room found (these stay on the day):'));
      for (const u of result.unplaced) out.push(...wrap(`${u.name} (${u.owner}): ${u.reason}`, ctx.columns, '      ').map((line, i) => `${i === 0 ? '    ' : '      '}${line}`));
    }
    if (result.stillOver.length > 0) out.push('');
    for (const s of result.stillOver) {
      const why = `${s.owner} still has ${s.count} on ${formatDayShort(s.date)}, capacity ${s.capacity} (fixed-time appointments do not move${result.unplaced.some((u) => u.owner === s.owner) ? '; the others found no room' : ''})`;
      out.push(...wrap(why, ctx.columns, '    ').map((line, i) => chalk.yellow(`${i === 0 ? '  ' : '    '}${line}`)));
    }
  }
  if (result.noCapacity.length > 0) out.push('', chalk.dim(`  No capacity set for ${result.noCapacity.join(', ')}: set \`capacity\` in tickler.yaml (the book's, or team.<member>.capacity) or pass --capacity.`));
  if (!result.applied && result.moves.length > 0) out.push('', 'A plan only: the same command with --apply writes it.');
  return out.join('\n') + '\n';
}

async function rebalanceAction(ctx: Context, options: RebalanceOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const result = await runRebalance(ctx, options);
  ctx.stdout.write(format === 'json' ? jsonText(rebalanceJson(result)) : renderRebalance(result, ctx));
  if (!result.session) return result.settingsExit;
  const message = `rebalance ${result.date}: ${result.moves.length} moved (${result.moves.map((m) => `${m.client} -> ${m.to}`).join(', ')})`;
  return Math.max(await autocommit(ctx, result.session, result.files, message), result.settingsExit);
}
