// What most commands share: opening the book, deciding "today", who "I" am and whose work to show.
import { addDays, isValidDate, todayIn, type IsoDate } from '../core/dates.js';
import type { Scope } from '../core/agenda.js';
import { findBook } from '../book/discover.js';
import { loadBook, type Book } from '../book/load.js';
import { collationKey } from '../book/name-order.js';
import { memberByEmail } from '../book/settings.js';
import type { Settings } from '../core/model.js';
import type { Context } from './context.js';
import { UsageError } from './errors.js';
import type { PageSpec } from './pages.js';

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

export type Format = 'text' | 'json';

export function bookRoot(ctx: Context, options: BookOptions): string {
  return findBook(ctx.cwd, options.book ?? ctx.env.TICKLER_BOOK);
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
export function scopeFor(ctx: Context, root: string, settings: Settings, options: WhoOptions): Scope {
  if (options.owner !== undefined && options.mine) throw new UsageError('use either --owner or --mine, not both');
  if (options.owner !== undefined) {
    if (settings.team.size > 0 && !settings.team.has(options.owner)) {
      throw new UsageError(`unknown owner "${options.owner}" (team: ${[...settings.team.keys()].join(', ')})`);
    }
    return { owner: options.owner };
  }
  if (options.mine) return { owner: whoAmI(ctx, root, settings, options) };
  return {};
}

export function formatOf(value: string | undefined, allowed: readonly string[] = ['text', 'json']): string {
  const format = value ?? 'text';
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, not "${format}"`);
  return format;
}

export interface OpenBook {
  root: string;
  book: Book;
  today: IsoDate;
  /** Whose work the command shows (--owner, --mine), settled with the settings; only with `days`. */
  scope: Scope;
}

/**
 * Finds and loads the book through its cache, and settles "today" (which may depend on the book's
 * time zone) and whose work to show. `days`: how many dividers from today the command shows (only
 * the dossiers that can appear there, of that member's work, are loaded); omitted: every dossier.
 * `page`: the day view the command prints (with `days`), whose page may have been kept: then
 * the book comes with Book.keptPage and no dossiers (see pages.ts bookPage).
 */
export async function openBook(ctx: Context, options: BookOptions & DateOptions & WhoOptions, days?: number, page?: PageBase): Promise<OpenBook> {
  const root = bookRoot(ctx, options);
  let today = '';
  let scope: Scope = {};
  const progress = ctx.isTTY && ctx.env.CI === undefined;
  let shown = false;
  const book = await loadBook(root, {
    fast: true,
    cache: true,
    todayOf: (settings) => (today = todayFor(ctx, settings, options)),
    ...(days !== undefined
      ? {
          wanted: (_day: IsoDate | undefined, settings: Settings) => {
            scope = scopeFor(ctx, root, settings, options);
            return { from: today, until: addDays(today, days - 1), ...(scope.owner !== undefined ? { owner: scope.owner } : {}) };
          },
        }
      : {}),
    ...(days !== undefined && page ? { page: (settings: Settings) => JSON.stringify([pageSpec(ctx, page, today, scope.owner), collationKey(settings, ctx.env)]) } : {}),
    // (today's text can also be put together from the pieces unchanged dossiers gave it)
    ...(days !== undefined && page?.view === 'today' && page.format === 'text' ? { parts: true } : {}),
    ...(progress ? { onProgress: (done: number, total: number) => void ((shown = true), ctx.stderr.write(`\rreading ${done} of ${total} dossiers (first run; later runs use the cache)…`)) } : {}),
  });
  if (shown) ctx.stderr.write('\r\x1b[K');
  return { root, book, today, scope };
}

export type PageBase = Pick<PageSpec, 'view' | 'format' | 'days'>;

/** A day view's page as this context prints it. */
export function pageSpec(ctx: Context, base: PageBase, today: IsoDate, owner: string | undefined): PageSpec {
  return { ...base, today, ...(owner !== undefined ? { owner } : {}), level: ctx.chalk.level, columns: ctx.columns };
}

