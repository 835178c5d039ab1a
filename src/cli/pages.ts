// The day views' pages, from a loaded book: what `today` and `agenda` print, as text or JSON. A
// page made from exactly the dossiers of a day file is kept, and printed as it is while nothing
// it depends on changes (see book/day-file.ts).
import { Chalk } from 'chalk';
import { agenda, birthdayOrder, complaintOrder, itemOrder, nameOrder, overloads, today as dayOf, type NameOrder, type Scope } from '../core/agenda.js';
import { addDays, type IsoDate } from '../core/dates.js';
import { bookProblems, type Book } from '../book/load.js';
import type { KeptPiece, PieceToKeep } from '../book/day-file.js';
import { RememberedNameOrder } from '../book/name-order.js';
import type { Context } from './context.js';
import { pageSpec, type OpenBook, type PageBase } from './common.js';
import { diagnosticJson } from '../render/diagnostics.js';
import { layoutToday, nameColumn, renderAgenda, renderMonth, renderToday, todayBlocks, type AgendaView, type Block, type ItemKey, type TodayBlocks, type TodayView } from '../render/agenda-text.js';
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
  /** The text, or a kept page's UTF-8 bytes as read. */
  text: string | Uint8Array;
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
export async function bookPage(ctx: Context, opened: OpenBook, base: PageBase): Promise<Page> {
  const { book } = opened;
  if (book.keptPage) return book.keptPage;
  const names = new RememberedNameOrder(opened.root, book.settings, ctx.env);
  const spec = pageSpec(ctx, base, opened.today, opened.scope.owner);
  const made = spec.view === 'today' && spec.format === 'text' ? await todayTextPage(book, spec, names) : dayPage(book, spec, names);
  names.save();
  if (!book.keepPage) return made;
  // (encoded once, for the kept page and for the output: a big book's page is half a megabyte)
  const page = typeof made.text === 'string' ? { ...made, text: Buffer.from(made.text) } : made;
  book.keepPage(page);
  return page;
}

// A dossier's piece of today's page as kept (book/day-file.ts PageParts): its item, complaints,
// birthdays and dropped ball, each with what orders it and the byte size of its text (the texts
// are kept apart, as bytes, in the same order). Kept as one flat list, which JSON.parse reads
// three to four times faster than a list of lists: each section is its count, then its entries.
type ItemPart = [overdueDays: number, time: string | null, priority: ItemKey['priority'], name: string, client: string, owner: string | null, coveredBy: string | null, bytes: number];
type ComplaintPart = [overdueDays: number, name: string, client: string, bytes: number];
type BirthdayPart = [name: string, client: string, contact: string, bytes: number];
type UnscheduledPart = [name: string, client: string, bytes: number];
type Part = [ItemPart[], ComplaintPart[], BirthdayPart[], UnscheduledPart[]];

/** A piece made now, to keep: its keys as JSON, and its texts. */
type Piece = Extract<PieceToKeep, { keys: string }>;

const GARBLED = Object.freeze({ garbled: true });

/** Adds the blocks of a kept piece to `into`, each with its text's bytes; false for a garbled piece. */
function blocksOfPart(piece: KeptPiece, into: TodayBlocks<string | Uint8Array>): boolean {
  if (!Array.isArray(piece.keys)) return false;
  const keys = piece.keys as unknown[];
  const { texts } = piece;
  let at = 0;
  let k = 0;
  // (a section's count, checked against what is left; then its entries of `width` values each)
  const count = (width: number): number => {
    const n = keys[k++];
    if (!Number.isInteger(n) || (n as number) < 0 || k + (n as number) * width > keys.length) throw GARBLED;
    return n as number;
  };
  const text = (bytes: unknown): Uint8Array => {
    if (!Number.isInteger(bytes) || (bytes as number) < 0 || at + (bytes as number) > texts.length) throw GARBLED;
    return texts.subarray(at, (at += bytes as number));
  };
  // (values of our own making, typed as the keys they were made from)
  const v = keys as never[];
  try {
    for (let n = count(8); n > 0; n--, k += 8) {
      into.items.push({ key: { overdueDays: v[k]!, time: v[k + 1]!, priority: v[k + 2]!, name: v[k + 3]!, client: v[k + 4]!, owner: v[k + 5]!, coveredBy: v[k + 6]! }, text: text(v[k + 7]) });
    }
    for (let n = count(4); n > 0; n--, k += 4) into.complaints.push({ key: { overdueDays: v[k]!, name: v[k + 1]!, client: v[k + 2]! }, text: text(v[k + 3]) });
    for (let n = count(4); n > 0; n--, k += 4) into.birthdays.push({ key: { name: v[k]!, client: v[k + 1]!, contact: v[k + 2]! }, text: text(v[k + 3]) });
    for (let n = count(3); n > 0; n--, k += 3) into.unscheduled.push({ key: { name: v[k]!, client: v[k + 1]! }, text: text(v[k + 2]) });
  } catch {
    return false;
  }
  return k === keys.length && at === texts.length;
}

/** A piece's keys as kept: each section's count, then its entries' values. */
function flatPart(part: Part): string {
  return JSON.stringify([part[0].length, ...part[0].flat(), part[1].length, ...part[1].flat(), part[2].length, ...part[2].flat(), part[3].length, ...part[3].flat()]);
}

/** Each dossier's piece of the page, by file name, of the blocks made now. */
function partsOf(blocks: TodayBlocks): Map<string, Piece> {
  const parts = new Map<string, { part: Part; texts: string[] }>();
  const of = (client: string) => {
    let piece = parts.get(client);
    if (!piece) parts.set(client, (piece = { part: [[], [], [], []], texts: [] }));
    return piece;
  };
  const add = (client: string, text: string) => {
    const piece = of(client);
    piece.texts.push(text);
    return piece.part;
  };
  for (const { key: k, text } of blocks.items) add(k.client, text)[0].push([k.overdueDays, k.time, k.priority, k.name, k.client, k.owner, k.coveredBy, Buffer.byteLength(text)]);
  for (const { key: k, text } of blocks.complaints) add(k.client, text)[1].push([k.overdueDays, k.name, k.client, Buffer.byteLength(text)]);
  for (const { key: k, text } of blocks.birthdays) add(k.client, text)[2].push([k.name, k.client, k.contact, Buffer.byteLength(text)]);
  for (const { key: k, text } of blocks.unscheduled) add(k.client, text)[3].push([k.name, k.client, Buffer.byteLength(text)]);
  return new Map([...parts].map(([client, { part, texts }]) => [`${client}.yaml`, { keys: flatPart(part), texts }]));
}

const NO_PART: Piece = { keys: flatPart([[], [], [], []]), texts: [] };

/**
 * Today's page as text. With the kept pieces of unchanged dossiers (Book.parts), put together from
 * those and the pieces of the dossiers read now, in the order the whole page would have; the same
 * page as one made from every dossier, unless the name column would be another width (then it is).
 */
async function todayTextPage(book: Book, spec: PageSpec, names: RememberedNameOrder): Promise<Page> {
  const scope: Scope = spec.owner !== undefined ? { owner: spec.owner } : {};
  const style = { chalk: new Chalk({ level: spec.level }), columns: spec.columns };
  const view = todayView(book, spec.today, scope, names);
  const kept: TodayBlocks<string | Uint8Array> = { items: [], complaints: [], birthdays: [], unscheduled: [] };
  if (book.parts) {
    let whole = true;
    for (const piece of book.parts.pieces.values()) whole = blocksOfPart(piece, kept) && whole;
    if (!whole || nameColumn([...view.items, ...kept.items.map((b) => b.key)]) !== book.parts.width) {
      mark('the pieces do not fit: the page made whole');
      await book.parts.rest();
      return todayTextPage(book, spec, names);
    }
  }
  const width = book.parts ? book.parts.width : nameColumn(view.items);
  const made = todayBlocks(view, style, width);
  const byKey =
    <K>(order: (a: K, b: K) => number) =>
    (a: Block<K, string | Uint8Array>, b: Block<K, string | Uint8Array>) =>
      order(a.key, b.key);
  const blocks: TodayBlocks<string | Uint8Array> = book.parts
    ? {
        items: [...kept.items, ...made.items].sort(byKey(itemOrder(names))),
        complaints: [...kept.complaints, ...made.complaints].sort(byKey(complaintOrder(names))),
        birthdays: [...kept.birthdays, ...made.birthdays].sort(byKey(birthdayOrder(names))),
        unscheduled: [...kept.unscheduled, ...made.unscheduled].sort(byKey(nameOrder(names))),
      }
    : made;
  const overloaded = book.parts ? overloads(blocks.items.map((b) => b.key), book.settings, scope) : view.overloaded;
  const text = layoutToday({ ...view, overloaded }, blocks, style);
  mark('page made');
  if (book.keepParts) {
    const parts = partsOf(made);
    book.keepParts(width, (name) => {
      const kept = book.parts?.pieces.get(name);
      return kept ? { kept } : (parts.get(name) ?? NO_PART);
    });
    mark('pieces kept');
  }
  return { text, problems: view.problems.length };
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
