// After the call: the log entry to append and where the dossier is refiled. Pure: the command
// layer parses the input, this decides what changes, and src/book/ writes it.
import { addDays, addPeriod, workdayOnOrAfter, addWorkdays, type IsoDate } from './dates.js';
import { filingOf } from './agenda.js';
import type { Complaint, Dossier, LogEntry, NextContact, Settings } from './model.js';

/** Where the next date came from, in the order the SPEC tries them. */
export type NextSource = 'given' | 'outcome' | 'cadence';

export type NextDecision =
  | { kind: 'date'; date: IsoDate; source: NextSource }
  | { kind: 'none'; source: 'given' | 'outcome' }
  /** A note: no conversation, so the dossier stays filed where it is. */
  | { kind: 'keep' };

/** The next date an outcome implies without being told: the outcome's rule, else the cadence. */
export function defaultNext(dossier: Dossier, settings: Settings, outcome: string, today: IsoDate): NextDecision | undefined {
  const rule = settings.outcomes.get(outcome)?.next;
  if (rule === 'none') return { kind: 'none', source: 'outcome' };
  if (rule) return { kind: 'date', date: workdayOnOrAfter(addPeriod(today, rule, settings.calendar), settings.calendar), source: 'outcome' };
  if (dossier.cadence) {
    return { kind: 'date', date: workdayOnOrAfter(addPeriod(today, dossier.cadence, settings.calendar), settings.calendar), source: 'cadence' };
  }
  return undefined;
}

export interface LogInput {
  at: string;
  by: string;
  outcome: string;
  next: NextDecision;
  summary?: string;
  action?: string;
  time?: string;
  note?: string;
  stage?: string;
  forms?: Record<string, Record<string, unknown>>;
  /** For the outcome `complaint`: when an answer is due (default: the next working day). */
  due?: IsoDate;
}

export interface LogPlan {
  entry: LogEntry;
  /** The dossier's new `next`; null removes it; undefined leaves it as it is. */
  next: NextContact | null | undefined;
  stage?: string;
  complaint?: Complaint;
}

/** The action of a contact being logged: as given, else the one planned, else the book's first. */
export function actionOf(dossier: Dossier, settings: Settings, given?: string): string {
  return given ?? dossier.next?.action ?? settings.actions[0] ?? 'call';
}

export function planLog(dossier: Dossier, settings: Settings, today: IsoDate, input: LogInput): LogPlan {
  const action = actionOf(dossier, settings, input.action);
  const entry: LogEntry = { at: input.at, by: input.by, action, outcome: input.outcome };
  if (input.summary !== undefined) entry.summary = input.summary;
  if (input.next.kind !== 'keep') entry.next = input.next.kind === 'date' ? input.next.date : 'none';
  if (input.forms && Object.keys(input.forms).length > 0) entry.forms = input.forms;

  let next: NextContact | null | undefined = input.next.kind === 'keep' ? undefined : null;
  if (input.next.kind === 'date') {
    next = { date: input.next.date };
    if (input.time !== undefined) next.time = input.time;
    next.action = action;
    if (input.note !== undefined) next.note = input.note;
  }
  const plan: LogPlan = { entry, next };
  const stage = input.stage ?? settings.outcomes.get(input.outcome)?.stage;
  if (stage !== undefined && stage !== dossier.stage) plan.stage = stage;
  if (input.outcome === 'complaint') {
    plan.complaint = {
      opened: today,
      summary: input.summary ?? '',
      due: input.due ?? addWorkdays(today, 1, settings.calendar),
    };
  }
  return plan;
}

export interface ReschedulePlan {
  entry: LogEntry;
  next: NextContact;
}

/** Moving the next contact without a conversation: only the date changes, and the log says so. */
export function planReschedule(dossier: Dossier, settings: Settings, input: { at: string; by: string; to: IsoDate; reason?: string }): ReschedulePlan {
  const from = filingOf(dossier, settings)?.due;
  const entry: LogEntry = { at: input.at, by: input.by, outcome: 'rescheduled' };
  if (from !== undefined) entry.from = from;
  entry.to = input.to;
  if (input.reason !== undefined) entry.reason = input.reason;
  return { entry, next: { ...(dossier.next ?? {}), date: input.to } };
}

/** The open complaints of a dossier, with their index in `complaints`. */
export function openComplaints(dossier: Dossier): { index: number; complaint: Complaint }[] {
  return dossier.complaints.flatMap((complaint, index) => (complaint.resolved === undefined ? [{ index, complaint }] : []));
}

/** The next working day after today: where `snooze` puts a client by default. */
export function nextWorkday(today: IsoDate, settings: Settings): IsoDate {
  return workdayOnOrAfter(addDays(today, 1), settings.calendar);
}
