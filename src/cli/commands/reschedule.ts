// `tickler reschedule <client> [DATE]` (alias snooze): move the next contact without a
// conversation, with an audit entry in the log.
import type { Command } from 'commander';
import type { Edit } from '../../book/write/edit.js';
import { formatDayLong, type IsoDate } from '../../core/dates.js';
import type { LogEntry } from '../../core/model.js';
import { nextWorkday, planReschedule } from '../../core/refile.js';
import { EXIT } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { findClient } from '../find-client.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';
import { autocommit, changeDossier, openForWrite, typedDate, typedText, type WriteOptions, type WriteSession } from '../writing.js';

export interface RescheduleOptions extends WriteOptions {
  reason?: string;
  format?: string;
}

export interface RescheduleResult {
  client: string;
  file: string;
  from: IsoDate | null;
  to: IsoDate;
  /** Absent when the client was already filed under that date (nothing written). */
  entry?: LogEntry;
}

export function defineReschedule(program: Command, bind: Bind): void {
  const command = program
    .command('reschedule')
    .alias('snooze')
    .description('move the next contact without a conversation (kept in the log as "rescheduled")')
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .argument('[date]', 'the new date: 2026-11-24, 24.11, tomorrow, +3d, +2wd, friday, dec 5 … (default: the next working day)')
    .option('--reason <text>', 'why, for the log')
    .option('--allow-past', 'accept a date in the past')
    .option('--as <member>', 'who moves it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler reschedule kowalski "dec 7" --reason "On holiday"', 'to a given day'],
    ['tickler snooze kowalski', 'to the next working day'],
    ['tickler snooze kowalski +2wd', 'two working days on'],
  ]);
  command.action(bind(rescheduleAction));
}

/** Moves one client's next contact to `to`, under the book's lock. */
export function saveReschedule(ctx: Context, session: WriteSession, id: string, to: IsoDate, reason?: string, shownBytes?: Uint8Array): Promise<RescheduleResult> {
  return changeDossier<RescheduleResult>(ctx, session, id, (draft, at) => {
    const plan = planReschedule(draft.dossier, session.settings, { at, by: session.me, to, ...(reason !== undefined ? { reason } : {}) });
    const from = plan.entry.from ?? null;
    if (from === to && draft.dossier.next) return { edits: [], result: { client: id, file: draft.file, from, to } };
    const edits: Edit[] = [
      draft.dossier.next ? { op: 'set', path: ['next', 'date'], value: to } : { op: 'set', path: ['next'], value: plan.next },
      { op: 'append', path: ['log'], value: plan.entry },
    ];
    return { edits, result: { client: id, file: draft.file, from, to, entry: plan.entry } };
  }, shownBytes);
}

/** The commit message of a reschedule (git.autocommit). */
export function rescheduleMessage(result: RescheduleResult): string {
  return `reschedule ${result.client}: ${result.from ?? 'none'} -> ${result.to}`;
}

export function rescheduleSummary(result: RescheduleResult): string {
  if (!result.entry) return `${result.client} is already filed under ${formatDayLong(result.to)}; nothing changed`;
  return `rescheduled ${result.client}: ${result.from ? `${formatDayLong(result.from)} → ` : ''}${formatDayLong(result.to)}`;
}

async function rescheduleAction(ctx: Context, reference: string, date: string | undefined, options: RescheduleOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options);
  const id = await findClient(session.store, reference);
  const to = date === undefined ? nextWorkday(session.today, session.settings) : typedDate(ctx, session, date, 'date', options.allowPast);
  const reason = options.reason === undefined ? undefined : typedText(options.reason, '--reason');
  const result = await saveReschedule(ctx, session, id, to, reason);
  if (format === 'json') ctx.stdout.write(jsonText({ client: result.client, file: result.file, from: result.from, to: result.to, entry: result.entry ?? null }));
  else ctx.stdout.write(`${rescheduleSummary(result)}\n`);
  return result.entry ? autocommit(ctx, session, [result.file], rescheduleMessage(result)) : EXIT.ok;
}
