// `tickler log <client>`: record a contact and refile the dossier under the next date.
import type { Command } from 'commander';
import type { Edit } from '../../book/write/edit.js';
import { parseDateInput } from '../../core/date-input.js';
import { formatDayLong, type IsoDate } from '../../core/dates.js';
import { didYouMean } from '../../core/diagnostics.js';
import type { Dossier, LogEntry, NextContact } from '../../core/model.js';
import { defaultNext, planLog, type LogPlan, type NextDecision } from '../../core/refile.js';
import { clean } from '../../core/text.js';
import { EXIT, UsageError } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { findClient } from '../find-client.js';
import { addBookOption, addDateOption, collect, examples, type Bind } from '../options.js';
import { autocommit, changeDossier, openShown, oneOf, openForWrite, typedDate, typedText, typedTime, type WriteOptions, type WriteSession } from '../writing.js';

export function defineLog(program: Command, bind: Bind): void {
  const command = program
    .command('log')
    .description('record a contact and refile the client under the next date')
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .option('--outcome <outcome>', "how it went: one of the book's outcomes (asked on a terminal)")
    .option('--summary <text>', 'what was said')
    .option('--next <date>', 'next contact: 2026-11-24, 24.11, tomorrow, +2wd, friday, dec 5 …')
    .option('--no-next', 'leave the client without a next contact (closing it is explicit)')
    .option('--time <HH:MM>', 'a fixed time for the next contact')
    .option('--action <action>', 'what this contact was (default: the planned action); the next contact gets the same')
    .option('--note <text>', 'a note for the next contact')
    .option('--stage <stage>', 'move the client to this stage')
    .option('--form <form>', "fill in one of the book's forms")
    .option('--field <key=value>', 'a form field (repeatable)', collect)
    .option('--due <date>', 'for --outcome complaint: when the answer is due (default: the next working day)')
    .option('--allow-past', 'accept a next date in the past')
    .option('--as <member>', 'who made the contact (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler log kowalski --outcome reached --summary "Wants 5% off" --next "dec 2"', 'after a call'],
    ['tickler log kowalski --outcome no-answer', 'next date from the outcome rule (+2wd)'],
    ['tickler log kowalski --outcome won --next +1w \\\n    --form qualification --field budget=50000', 'with a form'],
    ['tickler log kowalski --outcome complaint --summary "Damaged pallets" \\\n    --due 25.11', 'opens a complaint, answer due 25 Nov'],
    ['tickler log kowalski --outcome lost --summary "Chose a competitor"', 'rule: stage lost, no next contact'],
  ]);
  command.action(bind(logAction));
}

export interface LogOptions extends WriteOptions {
  outcome?: string;
  summary?: string;
  /** A date as typed, or false for --no-next. */
  next?: string | false;
  time?: string;
  action?: string;
  note?: string;
  stage?: string;
  form?: string;
  field?: string[];
  due?: string;
  format?: string;
  /** The next date already settled (asked by `work`), instead of --next / --no-next. */
  decided?: NextDecision;
}

/** What the person said about the call, checked against the book, before anything is written. */
export interface LogAnswers {
  outcome: string;
  next: NextDecision;
  summary?: string;
  action?: string;
  time?: string;
  note?: string;
  stage?: string;
  forms?: Record<string, Record<string, unknown>>;
  due?: IsoDate;
}

export interface LogResult {
  client: string;
  file: string;
  entry: LogEntry;
  /** The new next contact; null when there is none any more; undefined when unchanged. */
  next: NextContact | null | undefined;
  stage?: string;
  complaint?: LogPlan['complaint'];
}

/** Checks and completes the answers: from the options, else by asking on a terminal, else refused. */
export async function logAnswers(ctx: Context, session: WriteSession, dossier: Dossier, options: LogOptions): Promise<LogAnswers> {
  const { settings } = session;
  const outcomes = [...settings.outcomes.keys(), 'note'];
  let outcome = options.outcome;
  if (outcome === undefined) {
    if (!ctx.prompter) throw new UsageError(`--outcome is required (one of: ${outcomes.join(', ')})`);
    outcome = await ctx.prompter.select('Outcome', outcomes.map((o) => ({ value: o, name: o })));
  }
  if (!outcomes.includes(outcome)) {
    const near = didYouMean(outcome, outcomes);
    throw new UsageError(`unknown outcome "${outcome}"${near ? ` (did you mean "${near}"?)` : ''}; tickler.yaml \`outcomes\`: ${outcomes.join(', ')}`);
  }
  const answers: LogAnswers = { outcome, next: { kind: 'keep' } };
  if (options.summary !== undefined) answers.summary = typedText(options.summary, '--summary');
  if (options.action !== undefined) answers.action = oneOf(options.action, settings.actions, 'action', 'tickler.yaml `actions`');
  if (options.stage !== undefined) answers.stage = oneOf(options.stage, settings.stages, 'stage', 'tickler.yaml `stages`');
  if (outcome === 'complaint') {
    if (answers.summary === undefined && ctx.prompter) answers.summary = typedText(await ctx.prompter.input('What is the complaint?', { validate: (v) => v.trim() !== '' || 'say what the client complains about' }), 'the complaint');
    if (!answers.summary) throw new UsageError('the outcome complaint needs --summary: what the client complains about');
    if (options.due !== undefined) answers.due = typedDate(ctx, session, options.due, '--due');
  } else if (options.due !== undefined) {
    throw new UsageError('--due is the answer date of a complaint; use it with --outcome complaint');
  }
  answers.next = await nextDecision(ctx, session, dossier, outcome, options);
  if (answers.next.kind !== 'date' && (options.time !== undefined || options.note !== undefined)) {
    throw new UsageError('--time and --note describe the next contact; give a next date too');
  }
  if (options.time !== undefined) answers.time = typedTime(options.time);
  if (options.note !== undefined) answers.note = typedText(options.note, '--note');
  const forms = await formAnswers(ctx, session, outcome, options);
  if (forms) answers.forms = forms;
  return answers;
}

async function nextDecision(ctx: Context, session: WriteSession, dossier: Dossier, outcome: string, options: LogOptions): Promise<LogAnswers['next']> {
  if (options.decided) return options.decided;
  if (options.next === false) return { kind: 'none', source: 'given' };
  if (options.next !== undefined) return { kind: 'date', date: typedDate(ctx, session, options.next, '--next', options.allowPast), source: 'given' };
  // A note records no conversation: the dossier stays where it is filed.
  if (outcome === 'note') return { kind: 'keep' };
  const fallback = defaultNext(dossier, session.settings, outcome, session.today);
  if (fallback) return fallback;
  if (!ctx.prompter) {
    throw new UsageError(
      `the outcome "${outcome}" sets no next date and ${dossier.id} has no cadence: pass --next DATE (e.g. --next tomorrow, --next "+1w") or --no-next to leave it without a next contact`,
    );
  }
  return askNext(ctx, session, undefined, options.allowPast);
}

/** What the next-date question accepts, said above it. */
export const NEXT_HINT = '  e.g. 24.11, tomorrow, +3d, +2wd, friday, dec 5; "none" for no next contact';

/** Asks for the next date on a terminal; "none" closes the client explicitly. */
export async function askNext(ctx: Context, session: WriteSession, suggested: NextDecision | undefined, allowPast = false): Promise<NextDecision> {
  const check = (value: string) => parseDateInput(value, { today: session.today, calendar: session.settings.calendar, allowPast });
  // (a short question; the forms a date may take on the line above it)
  ctx.stdout.write(ctx.chalk.dim(`${NEXT_HINT}\n`));
  const answer = await ctx.prompter!.input('Next contact', {
    ...(suggested ? { default: suggested.kind === 'date' ? suggested.date : 'none' } : {}),
    validate: (value) => {
      if (value.trim().toLowerCase() === 'none') return true;
      const parsed = check(value);
      return parsed.ok ? true : parsed.message;
    },
  });
  if (answer.trim().toLowerCase() === 'none') return { kind: 'none', source: 'given' };
  if (suggested?.kind === 'date' && answer.trim() === suggested.date) return suggested;
  return { kind: 'date', date: typedDate(ctx, session, answer, 'next contact', allowPast), source: 'given' };
}

/** --form F --field k=v… (or the outcome's form), completed on a terminal, checked against the book's form. */
async function formAnswers(ctx: Context, session: WriteSession, outcome: string, options: LogOptions): Promise<LogAnswers['forms']> {
  const raw = options.field ?? [];
  const forms = session.settings.forms;
  const outcomeForm = session.settings.outcomes.get(outcome)?.form;
  const name = options.form ?? (ctx.prompter && outcomeForm !== undefined && outcomeForm in forms ? outcomeForm : undefined);
  if (name === undefined) {
    if (raw.length > 0) throw new UsageError('--field fills in a form: name it with --form');
    return undefined;
  }
  const fields = forms[oneOf(name, Object.keys(forms), 'form', 'tickler.yaml `forms`')] as Record<string, Record<string, unknown>>;
  const { formProblems, formValue } = await import('../../book/read/custom-check.js');
  const values: Record<string, unknown> = {};
  for (const pair of raw) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field must be written key=value, not "${pair}"`);
    const key = pair.slice(0, eq).trim();
    if (!(key in fields)) {
      const near = didYouMean(key, Object.keys(fields));
      throw new UsageError(`the form ${name} has no field "${key}"${near ? ` (did you mean "${near}"?)` : ''}; its fields: ${Object.keys(fields).join(', ')}`);
    }
    values[key] = formValue(fields[key]!, typedText(pair.slice(eq + 1), `--field ${key}`));
  }
  if (ctx.prompter) {
    for (const [key, schema] of Object.entries(fields)) {
      if (key in values) continue;
      const answer = await ctx.prompter.input(`${name}: ${key} (empty to skip)`, {
        validate: (v) => v.trim() === '' || formProblems({ [key]: schema }, { [key]: formValue(schema, v) })[0] || true,
      });
      if (answer.trim() !== '') values[key] = formValue(schema, typedText(answer, key));
    }
  }
  const problems = formProblems(fields, values);
  if (problems.length > 0) throw new UsageError(`the form ${name} does not fit: ${problems.join('; ')}`);
  return Object.keys(values).length > 0 ? { [name]: values } : undefined;
}

/** Writes the answers into the dossier, under the book's lock, on the file as it is now. */
export function saveLog(ctx: Context, session: WriteSession, id: string, answers: LogAnswers, shownBytes?: Uint8Array): Promise<LogResult> {
  return changeDossier(ctx, session, id, (draft, at) => {
    const plan = planLog(draft.dossier, session.settings, session.today, { ...answers, at, by: session.me });
    const edits: Edit[] = [{ op: 'append', path: ['log'], value: plan.entry }];
    if (plan.next !== undefined) edits.push(plan.next ? { op: 'set', path: ['next'], value: plan.next } : { op: 'delete', path: ['next'] });
    if (plan.stage !== undefined) edits.push({ op: 'set', path: ['stage'], value: plan.stage });
    if (plan.complaint) edits.push({ op: 'append', path: ['complaints'], value: plan.complaint });
    const result: LogResult = { client: id, file: draft.file, entry: plan.entry, next: plan.next };
    if (plan.stage !== undefined) result.stage = plan.stage;
    if (plan.complaint) result.complaint = plan.complaint;
    return { edits, result };
  }, shownBytes);
}

/** The commit message of a log (git.autocommit): "log hurtownia-kowalski: reached, next 2026-11-24". */
export function logMessage(result: LogResult): string {
  const next = result.next ? `next ${result.next.date}` : result.next === null ? 'no next contact' : undefined;
  return `log ${result.client}: ${result.entry.outcome}${next ? `, ${next}` : ''}${result.stage ? `, stage ${result.stage}` : ''}`;
}

/** One line saying what changed: "logged acme: reached; next Mon 30 Nov 2026 (call)". */
export function logSummary(result: LogResult): string {
  const parts = [`logged ${result.client}: ${result.entry.outcome}`];
  if (result.next) parts.push(`next ${formatDayLong(result.next.date)}${result.next.time ? ` ${result.next.time}` : ''} (${result.next.action ?? 'contact'})`);
  else if (result.next === null) parts.push('no next contact');
  if (result.stage) parts.push(`stage ${result.stage}`);
  if (result.complaint) parts.push(`complaint opened, answer due ${formatDayLong(result.complaint.due!)}`);
  return clean(parts.join('; '));
}

export function logJson(result: LogResult): Record<string, unknown> {
  return { client: result.client, file: result.file, entry: result.entry, next: result.next ?? null, stage: result.stage ?? null, complaint: result.complaint ?? null };
}

async function logAction(ctx: Context, reference: string, options: LogOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options);
  const id = await findClient(session.store, reference);
  const shown = await openShown(session, id);
  const answers = await logAnswers(ctx, session, shown.dossier, options);
  const result = await saveLog(ctx, session, id, answers);
  ctx.stdout.write(format === 'json' ? jsonText(logJson(result)) : `${logSummary(result)}\n`);
  return autocommit(ctx, session, [result.file], logMessage(result));
}
