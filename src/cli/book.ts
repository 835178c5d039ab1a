// What most commands share: opening the book, deciding "today", who "I" am and whose work to show.
import type { Scope } from '../core/agenda.js';
import { isValidDate, todayIn, type IsoDate } from '../core/dates.js';
import type { Settings } from '../core/model.js';
import { memberByEmail } from '../core/settings.js';
import { findBook } from '../book/discover.js';
import { openStore, type Store, type StoreOptions } from '../book/store.js';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import type { Context } from './context.js';

export interface BookOptions {
  book?: string;
}

export interface DateOptions {
  today?: string;
}

export interface WhoOptions {
  as?: string;
  owner?: string;
  mine?: boolean;
}

export function bookRoot(ctx: Context, options: BookOptions): string {
  return findBook(ctx.cwd, options.book ?? ctx.env.TICKLER_BOOK);
}

/**
 * The book of the command line (--book, TICKLER_BOOK, or around the current directory). A
 * tickler.yaml that cannot be read at all is refused (`anySettings`: validate, which reports it):
 * the settings say what every dossier means, and an agenda made without them would be wrong
 * without saying so (SECURITY.md).
 */
export async function openBook(ctx: Context, options: BookOptions, storeOptions: StoreOptions = {}, anySettings = false): Promise<Store> {
  // A first run over a big book says how far it is, on a terminal; the line goes once all are read.
  const progress = ctx.isTTY && ctx.env.CI === undefined;
  const onProgress = (done: number, total: number) => void ctx.stderr.write(done < total ? `\rreading ${done} of ${total} dossiers (first run; later runs use the cache)…` : '\r\x1b[K');
  const store = await openStore(bookRoot(ctx, options), { ...storeOptions, ...(progress ? { onProgress } : {}) });
  if (!anySettings && store.settingsUnreadable) {
    const first = store.settingsProblems.find((p) => p.severity === 'error')!;
    throw new RefusedError(
      `${first.file}:${first.line}:${first.column}: ${first.message}\ntickler.yaml cannot be read, and without it no dossier can be understood; fix it first (\`tickler validate\` shows every problem)`,
    );
  }
  return store;
}

/**
 * tickler.yaml's errors, said first and on stderr by a read command (its keys with errors fall
 * back to their defaults meanwhile); the command's exit code is then at least 1.
 */
export function settingsErrors(ctx: Context, store: Store): number {
  const errors = store.settingsProblems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return EXIT.ok;
  const lines = errors.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message} [${p.rule}]\n`);
  ctx.stderr.write(`tickler: tickler.yaml has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; until fixed, defaults stand in for what it gets wrong:\n${lines.join('')}`);
  return EXIT.problems;
}

const FIRST_DAY = '1900-01-01';
const LAST_DAY = '9990-12-31';

/** --today, else TICKLER_TODAY, else the date in the book's time zone. */
export function todayFor(ctx: Context, settings: Settings, options: DateOptions): IsoDate {
  // (an empty TICKLER_TODAY is as good as none; an empty --today is a mistake)
  const given = options.today ?? (ctx.env.TICKLER_TODAY || undefined);
  if (given !== undefined) {
    const source = options.today !== undefined ? '--today' : 'TICKLER_TODAY';
    if (!isValidDate(given)) throw new UsageError(`${source} must be a date written YYYY-MM-DD, not "${given}"`);
    // (the commands count days from it, up to a couple of years ahead)
    if (given < FIRST_DAY || given > LAST_DAY) throw new UsageError(`${source} must be a date from ${FIRST_DAY} to ${LAST_DAY}, not ${given}`);
    return given;
  }
  return clockToday(ctx, settings);
}

/** Today by the clock, in the book's time zone (the computer's when the book names none, or none it knows). */
export function clockToday(ctx: Context, settings: Settings): IsoDate {
  try {
    return todayIn(settings.timezone, ctx.now());
  } catch {
    return todayIn(undefined, ctx.now());
  }
}

/** Who "I" am: --as, else TICKLER_USER, else the member whose e-mail is `git config user.email`. */
export function whoAmI(ctx: Context, root: string, settings: Settings, options: WhoOptions): string {
  const named = options.as ?? ctx.env.TICKLER_USER;
  if (named !== undefined && named !== '') {
    if (settings.team.size > 0 && !settings.team.has(named)) {
      throw new UsageError(`"${named}" is not in the team of tickler.yaml (members: ${[...settings.team.keys()].join(', ')})`);
    }
    return named;
  }
  const email = ctx.gitEmail(root);
  const member = email ? memberByEmail(settings, email) : undefined;
  if (!member) {
    throw new UsageError(
      email
        ? `git's user.email (${email}) is not the e-mail of any team member in tickler.yaml; pass --as MEMBER or set TICKLER_USER`
        : 'cannot tell who you are: pass --as MEMBER, set TICKLER_USER, or set `git config user.email` to your address in tickler.yaml',
    );
  }
  return member;
}

/** Whose work a read command shows: --owner X, --mine, or everybody's. */
export function scopeFor(ctx: Context, store: Store, options: WhoOptions): Scope {
  const { settings } = store;
  if (options.owner !== undefined && options.mine) throw new UsageError('use either --owner or --mine, not both');
  if (options.owner !== undefined) {
    if (settings.team.size > 0 && !settings.team.has(options.owner)) {
      throw new UsageError(`unknown owner "${options.owner}" (team: ${[...settings.team.keys()].join(', ')})`);
    }
    return { owner: options.owner };
  }
  if (options.mine) return { owner: whoAmI(ctx, store.root, settings, options) };
  return {};
}

export function formatOf<F extends string>(value: string | undefined, allowed: readonly F[]): F {
  const format = (value ?? 'text') as F;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, not "${format}"`);
  return format;
}
