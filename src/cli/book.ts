// What most commands share: opening the book, deciding "today", who "I" am and whose work to show.
import type { Scope } from '../core/agenda.js';
import { isValidDate, todayIn, type IsoDate } from '../core/dates.js';
import type { Settings } from '../core/model.js';
import { memberByEmail } from '../core/settings.js';
import { findBook } from '../book/discover.js';
import { openStore, type Store, type StoreOptions } from '../book/store.js';
import { UsageError } from '../errors.js';
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

/** The book of the command line (--book, TICKLER_BOOK, or around the current directory). */
export function openBook(ctx: Context, options: BookOptions, storeOptions: StoreOptions = {}): Promise<Store> {
  // A first run over a big book says how far it is, on a terminal; the line goes once all are read.
  const progress = ctx.isTTY && ctx.env.CI === undefined;
  const onProgress = (done: number, total: number) => void ctx.stderr.write(done < total ? `\rreading ${done} of ${total} dossiers (first run; later runs use the cache)…` : '\r\x1b[K');
  return openStore(bookRoot(ctx, options), { ...storeOptions, ...(progress ? { onProgress } : {}) });
}

/** --today, else TICKLER_TODAY, else the date in the book's time zone. */
export function todayFor(ctx: Context, settings: Settings, options: DateOptions): IsoDate {
  const given = options.today ?? ctx.env.TICKLER_TODAY;
  if (given !== undefined && given !== '') {
    if (!isValidDate(given)) {
      const source = options.today !== undefined ? '--today' : 'TICKLER_TODAY';
      throw new UsageError(`${source} must be a date written YYYY-MM-DD, not "${given}"`);
    }
    return given;
  }
  try {
    return todayIn(settings.timezone, ctx.now);
  } catch {
    return todayIn(undefined, ctx.now);
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
