// The day views' pages, from a loaded book: what `today` and `agenda` print, as text or JSON. A
// page made from exactly the dossiers of a day file is kept, and printed as it is while nothing
// it depends on changes (see book/day-file.ts).
import { Chalk } from 'chalk';
import { agenda, today as dayOf, type NameOrder, type Scope } from '../core/agenda.js';
import { addDays, type IsoDate } from '../core/dates.js';
import { bookProblems, type Book } from '../book/load.js';
import { RememberedNameOrder } from '../book/name-order.js';
import type { Context } from './context.js';
import { pageSpec, type OpenBook, type PageBase } from './common.js';
import { diagnosticJson } from '../render/diagnostics.js';
import { renderAgenda, renderMonth, renderToday, type AgendaView, type TodayView } from '../render/agenda-text.js';
import { jsonText } from '../render/output.js';
import { mark } from '../trace.js';

/** Which page: the view, its format, and everything it depends on besides the book. */
export interface PageSpec {
  view: 'today' | 'agenda' | 'month';
  format: 'text' | 'json';
  today: IsoDate;
  /** Dividers shown (1 for today). */
  days: number;
  owner?: string;
  /** Colour level and width of the text. */
  level: 0 | 1 | 2 | 3;
  columns: number;
}

export interface Page {
  text: string;
  /** How many errors hid dossiers (today --strict). */
  problems: number;
}

export function todayView(book: Book, date: IsoDate, scope: Scope, names: NameOrder): TodayView {
  const day = dayOf(book.dossiers, book.settings, date, scope, names);
  mark('day worked out');
  return { ...day, owner: scope.owner ?? null, problems: bookProblems(book).filter((p) => p.severity === 'error') };
}

export function todayJson(view: TodayView): Record<string, unknown> {
  return {
    date: view.date,
    owner: view.owner,
    capacity: view.capacity,
    items: view.items,
    complaints: view.complaints,
    birthdays: view.birthdays,
    unscheduled: view.unscheduled,
    overloaded: view.overloaded,
    problems: view.problems.map(diagnosticJson),
  };
}

export function agendaView(book: Book, date: IsoDate, days: number, scope: Scope, names: NameOrder): AgendaView {
  const dates = Array.from({ length: days }, (_, i) => addDays(date, i));
  return {
    from: date,
    to: dates[dates.length - 1]!,
    owner: scope.owner ?? null,
    days: agenda(book.dossiers, book.settings, date, dates, scope, names),
    problems: bookProblems(book).filter((p) => p.severity === 'error'),
  };
}

/** The page of an opened book (opened with `base` as its page): the kept one, or one made now (and kept when it can be). */
export function bookPage(ctx: Context, opened: OpenBook, base: PageBase): Page {
  const { book } = opened;
  if (book.keptPage) return book.keptPage;
  const names = new RememberedNameOrder(opened.root, book.settings, ctx.env);
  const page = dayPage(book, pageSpec(ctx, base, opened.today, opened.scope.owner), names);
  names.save();
  book.keepPage?.(page);
  return page;
}

export function dayPage(book: Book, spec: PageSpec, names: NameOrder): Page {
  const scope: Scope = spec.owner !== undefined ? { owner: spec.owner } : {};
  const style = { chalk: new Chalk({ level: spec.level }), columns: spec.columns };
  if (spec.view === 'today') {
    const view = todayView(book, spec.today, scope, names);
    const text = spec.format === 'json' ? jsonText(todayJson(view)) : renderToday(view, style);
    mark('page made');
    return { text, problems: view.problems.length };
  }
  const view = agendaView(book, spec.today, spec.days, scope, names);
  const text =
    spec.format === 'json'
      ? jsonText({ from: view.from, to: view.to, owner: view.owner, days: view.days, problems: view.problems.map(diagnosticJson) })
      : spec.view === 'month'
        ? renderMonth(view, style)
        : renderAgenda(view, style);
  mark('page made');
  return { text, problems: view.problems.length };
}
