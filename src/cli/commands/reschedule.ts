// `tickler reschedule <client> [DATE]` (alias snooze): move the next contact without a
// conversation, with an audit entry in the log.
import type { Edit } from '../../book/yaml-edit.js';
import { formatDayLong, type IsoDate } from '../../core/dates.js';
import type { LogEntry } from '../../core/model.js';
import { nextWorkday, planReschedule } from '../../core/refile.js';
import { writeJson } from '../../render/output.js';
import { formatOf } from '../common.js';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { changeDossier, clientId, openForWrite, typedDate, typedText, type WriteOptions, type WriteSession } from '../writing.js';

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

export function rescheduleSummary(result: RescheduleResult): string {
  if (!result.entry) return `${result.client} is already filed under ${formatDayLong(result.to)}; nothing changed`;
  return `rescheduled ${result.client}: ${result.from ? `${formatDayLong(result.from)} → ` : ''}${formatDayLong(result.to)}`;
}

/** What `tickler reschedule` does; its options and help are in ../definitions.ts. */
export async function rescheduleAction(ctx: Context, done: (code: number) => void, reference: string, date: string | undefined, options: RescheduleOptions): Promise<void> {
  const format = formatOf(options.format);
  const session = await openForWrite(ctx, options);
  const id = await clientId(session, reference);
  const to = date === undefined ? nextWorkday(session.today, session.settings) : typedDate(ctx, session, date, 'date', options.allowPast);
  const reason = options.reason === undefined ? undefined : typedText(options.reason, '--reason');
  const result = await saveReschedule(ctx, session, id, to, reason);
  if (format === 'json') writeJson(ctx, { client: result.client, file: result.file, from: result.from, to: result.to, entry: result.entry ?? null });
  else ctx.stdout.write(`${rescheduleSummary(result)}\n`);
  done(EXIT.ok);
}
