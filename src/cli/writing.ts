// What the writing commands share: who writes and when, dates as people type them, and one
// dossier changed under the book's lock.
import { join, relative, sep } from 'node:path';
import { parseDateInput } from '../core/date-input.js';
import { timestampIn, type IsoDate } from '../core/dates.js';
import type { Settings } from '../core/model.js';
import { clean } from '../core/text.js';
import type { EditableDossier } from '../book/read/dossier.js';
import type { Store } from '../book/store.js';
import type { Edit } from '../book/write/edit.js';
import { refuseDuringConflicts, sameBytes } from '../book/write/save.js';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import { clockToday, openBook, todayFor, whoAmI, type BookOptions, type DateOptions } from './book.js';
import type { Context } from './context.js';

export interface WriteOptions extends BookOptions, DateOptions {
  as?: string;
  allowPast?: boolean;
}

export interface WriteSession {
  store: Store;
  settings: Settings;
  today: IsoDate;
  /**
   * The team member who writes (`by` of log entries). Worked out when first asked for: a command
   * that records nothing about who ran it (add --owner, resolve) works for anyone.
   */
  readonly me: string;
}

const MEMBER_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The book opened for a change. Who "I" am is worked out at once (a command that records \`by\`
 * must not ask its questions first and fail after), unless \`me\` is 'when-needed': a command that
 * may record nobody (add --owner, resolve, import) then works for anyone.
 */
export async function openForWrite(ctx: Context, options: WriteOptions, me: 'now' | 'when-needed' = 'now'): Promise<WriteSession> {
  const store = await openBook(ctx, options);
  const broken = store.settingsProblems.find((p) => p.severity === 'error');
  if (broken) {
    // Defaults stand in for broken keys when reading; a write must not apply the wrong rules.
    throw new RefusedError(`${broken.file}:${broken.line}:${broken.column}: ${broken.message}\nfix tickler.yaml before changing dossiers; nothing was written (\`tickler validate tickler.yaml\`)`);
  }
  const { settings } = store;
  const today = todayFor(ctx, settings, options);
  // (a log entry is stamped with today's date: one after the clock's would sort after every later call)
  const real = clockToday(ctx, settings);
  if (today > real) {
    throw new UsageError(`${options.today !== undefined ? '--today' : 'TICKLER_TODAY'} ${today} is after today (${real}): a log entry cannot be dated in the future`);
  }
  let member: string | undefined;
  const session: WriteSession = {
    store,
    settings,
    today,
    get me(): string {
      if (member === undefined) {
        const who = whoAmI(ctx, store.root, settings, options);
        if (!MEMBER_KEY.test(who)) throw new UsageError(`"${who}" cannot be used as a team member key (letters, digits, ".", "_", "-")`);
        member = who;
      }
      return member;
    },
  };
  // (--as is on the command line: a mistake in it is said whether or not it is needed)
  if (me === 'now' || options.as !== undefined) void session.me;
  return session;
}

/** Now as a log entry's `at`: the book's time zone, on --today's date when one was given. */
export function stampNow(ctx: Context, session: WriteSession): string {
  try {
    return timestampIn(session.settings.timezone, ctx.now(), session.today);
  } catch {
    return timestampIn(undefined, ctx.now(), session.today);
  }
}

/** A date as typed (SPEC 6.6); says on stderr when it was moved or falls on a day off. */
export function typedDate(ctx: Context, session: WriteSession, text: string, option: string, allowPast = false): IsoDate {
  const parsed = parseDateInput(text, { today: session.today, calendar: session.settings.calendar, allowPast });
  if (!parsed.ok) throw new UsageError(`${option}: ${parsed.message}`);
  if (parsed.notice) ctx.stderr.write(`${clean(parsed.notice)}\n`);
  if (parsed.warning) ctx.stderr.write(`${ctx.chalk.yellow('warning:')} ${clean(parsed.warning)}\n`);
  return parsed.date;
}

/** HH:MM, also accepting H:MM. */
export function typedTime(text: string): string {
  const m = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/.exec(text.trim());
  if (!m) throw new UsageError(`--time must be a time of day written HH:MM (e.g. 09:30), not "${text}"`);
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** Text given on the command line for the file: no control characters (line breaks are kept). */
export function typedText(text: string, option: string): string {
  const trimmed = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').trim();
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(trimmed)) {
    throw new UsageError(`${option} holds control characters; type plain text`);
  }
  return trimmed;
}

/** One of a list the book defines. */
export function oneOf(value: string, allowed: readonly string[], what: string, where: string): string {
  if (allowed.includes(value)) return value;
  if (allowed.length === 0) throw new UsageError(`unknown ${what} "${value}": there are no ${what}s (${where} declares none)`);
  throw new UsageError(`unknown ${what} "${value}" (${where}: ${allowed.join(', ')})`);
}

/**
 * Changes one dossier under the book's lock, on the file as it is now: `change` gets the dossier
 * and the entry time, and returns the edits (none: nothing is written) and a result. With
 * `shownBytes`, refuses when the file is no longer what the person was shown.
 */
export async function changeDossier<T>(
  ctx: Context,
  session: WriteSession,
  id: string,
  change: (draft: EditableDossier, at: string) => { edits: Edit[]; result: T },
  shownBytes?: Uint8Array,
): Promise<T> {
  return session.store.edit([id], ([draft]) => {
    if (shownBytes && !sameBytes(draft!.bytes, shownBytes)) {
      throw new RefusedError(`${draft!.file} changed on disk since it was shown (an editor or a git pull?); nothing was written`);
    }
    const at = stampNow(ctx, session);
    const { edits, result } = change(draft!, at);
    return { edits: new Map([[id, inTimeOrder(ctx, draft!, edits, at)]]), result };
  });
}

/**
 * The log is kept in time order. Entries dated after a new one (a call logged late with --today,
 * a colleague's clock running ahead, a mistyped date) do not block it: it goes before them, and
 * they are named on stderr.
 */
export function inTimeOrder(ctx: Context, draft: EditableDossier, edits: readonly Edit[], at: string): Edit[] {
  const log = draft.dossier.log;
  const later = log.findIndex((entry) => Date.parse(entry.at) > Date.parse(at));
  if (later < 0) return [...edits];
  const count = log.length - later;
  ctx.stderr.write(`tickler: note: ${draft.file} has ${count === 1 ? 'a log entry' : `${count} log entries`} dated after ${at} (from ${log[later]!.at}); the new entry goes before ${count === 1 ? 'it' : 'them'}\n`);
  return edits.map((edit) => (edit.op === 'append' && edit.path.length === 1 && edit.path[0] === 'log' ? { op: 'insert' as const, path: edit.path, index: later, value: edit.value } : edit));
}

/**
 * With `git.autocommit: true` in tickler.yaml, commits exactly `files` (book-relative) with
 * `message`: nothing else staged goes with them. Returns the exit code: 1 when the files were
 * written but could not be committed (said on stderr, with git's reason).
 */
export async function autocommit(ctx: Context, session: WriteSession, files: readonly string[], message: string): Promise<number> {
  if (!session.settings.autocommit || files.length === 0) return EXIT.ok;
  const { commitFiles, workTree } = await import('../book/repo.js');
  const top = workTree(session.store.root);
  const why = (text: string) => {
    ctx.stderr.write(`tickler: written, but not committed (git.autocommit): ${text}\n`);
    return EXIT.problems;
  };
  if (top === undefined) return why('the book is not a git repository');
  const paths = files.map((file) => relative(top, join(session.store.root, file)).split(sep).join('/'));
  const run = commitFiles(top, paths, clean(message));
  if (run.code !== 0) return why((run.err || run.out).trim().split('\n')[0] || `git commit exited ${run.code}`);
  return EXIT.ok;
}

/** The dossier as the person sees it before answering; a broken file is refused, naming git conflicts first. */
export async function openShown(session: WriteSession, id: string): Promise<EditableDossier> {
  try {
    return await session.store.draft(id);
  } catch (error) {
    // A file with conflict markers is usually part of an unfinished merge: say that first.
    if (error instanceof RefusedError) await refuseDuringConflicts(session.store.root);
    throw error;
  }
}
