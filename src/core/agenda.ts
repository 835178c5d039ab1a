// What is due: the divider for a day (scheduled contacts, cadence reminders, complaints,
// birthdays, dropped balls) and the days ahead. Pure: the book and "today" come in as values.
export { filingOf, isDropped, type Filing, type ItemReason } from './filing.js';
import { contactKeys } from './checks.js';
import type { Diagnostic } from './diagnostics.js';
import { filingOf, isDropped, type Filing, type ItemReason } from './filing.js';
import { addDays, birthdayMonthDay, daysBetween, daysInMonth, isBirthdayOn, isWorkday, type IsoDate } from './dates.js';
import {
  PRIORITIES,
  activeCover,
  capacityOf,
  dayOf,
  isClosed,
  lastContact,
  responsibleOn,
  type Contact,
  type Dossier,
  type Priority,
  type Settings,
} from './model.js';


/** One client on a divider, with what the binder page would show for the call. */
export interface AgendaItem {
  client: string;
  name: string;
  owner: string | null;
  coveredBy: string | null;
  due: IsoDate;
  time: string | null;
  overdueDays: number;
  action: string | null;
  priority: Priority;
  reason: ItemReason;
  stage: string | null;
  note: string | null;
  contact: Contact | null;
  lastContact: { at: string; by: string | null; action: string | null; outcome: string | null; summary: string | null } | null;
  offer: string | null;
  file: string;
}

export interface ComplaintItem {
  client: string;
  name: string;
  owner: string | null;
  summary: string;
  opened: IsoDate;
  due: IsoDate;
  overdueDays: number;
}

export interface BirthdayItem {
  client: string;
  name: string;
  contact: string;
  role: string | null;
  phone: string | null;
  /** Age reached today, when the year of birth is known. */
  age: number | null;
}

export interface UnscheduledItem {
  client: string;
  name: string;
  owner: string | null;
  stage: string | null;
  lastContact: IsoDate | null;
}

export interface Overload {
  owner: string;
  count: number;
  capacity: number;
}

/** Whose work to show: everybody's (owner undefined) or one member's, covers included. */
export interface Scope {
  owner?: string;
}

function inScope(dossier: Dossier, scope: Scope, date: IsoDate): boolean {
  return scope.owner === undefined || responsibleOn(dossier, date) === scope.owner;
}

export function agendaItem(dossier: Dossier, filing: Filing, date: IsoDate): AgendaItem {
  const last = lastContact(dossier);
  const scheduled = filing.reason === 'scheduled' ? dossier.next : undefined;
  return {
    client: dossier.id,
    name: dossier.name,
    owner: dossier.owner ?? null,
    coveredBy: activeCover(dossier, date)?.by ?? null,
    due: filing.due,
    time: scheduled?.time ?? null,
    overdueDays: Math.max(0, daysBetween(filing.due, date)),
    action: scheduled?.action ?? null,
    priority: dossier.priority,
    reason: filing.reason,
    stage: dossier.stage ?? null,
    note: scheduled?.note ?? null,
    contact: dossier.contacts[0] ?? null,
    lastContact: last
      ? { at: last.at, by: last.by ?? null, action: last.action ?? null, outcome: last.outcome ?? null, summary: last.summary ?? null }
      : null,
    offer: dossier.offer ?? null,
    file: dossier.file,
  };
}

type ItemOrdered = Pick<AgendaItem, 'overdueDays' | 'time' | 'priority' | 'name' | 'client'>;

/** The display order of SPEC 6.1: most overdue, timed before untimed by time, priority, name. */
export function itemOrder(collator: NameOrder): (a: ItemOrdered, b: ItemOrdered) => number {
  return (a, b) =>
    b.overdueDays - a.overdueDays ||
    compareTimes(a.time, b.time) ||
    PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
    collator.compare(a.name, b.name) ||
    compareText(a.client, b.client);
}

function compareTimes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareText(a, b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How names compare: an Intl.Collator for the book's locale (tests may give a simpler one). */
export interface NameOrder {
  compare(a: string, b: string): number;
}

export function nameCollator(settings: Settings): Intl.Collator {
  return new Intl.Collator(settings.locale, { sensitivity: 'base', numeric: true });
}

/** A dossier with the divider it sits behind. */
export interface Filed {
  dossier: Dossier;
  filing: Filing;
}

export function fileAll(dossiers: readonly Dossier[], settings: Settings): Filed[] {
  const result: Filed[] = [];
  for (const dossier of dossiers) {
    const filing = filingOf(dossier, settings);
    if (filing) result.push({ dossier, filing });
  }
  return result;
}

/** Items on the divider of `date`: filed on that day, plus everything earlier when `date` is today. */
export function itemsOn(filed: readonly Filed[], date: IsoDate, today: IsoDate, scope: Scope, collator: NameOrder): AgendaItem[] {
  const items: AgendaItem[] = [];
  for (const { dossier, filing } of filed) {
    const onThisDivider = date === today ? filing.due <= today : filing.due === date;
    if (onThisDivider && inScope(dossier, scope, date)) items.push(agendaItem(dossier, filing, date));
  }
  return items.sort(itemOrder(collator));
}

export interface Day {
  date: IsoDate;
  items: AgendaItem[];
  complaints: ComplaintItem[];
  birthdays: BirthdayItem[];
  unscheduled: UnscheduledItem[];
  overloaded: Overload[];
  /** Each member's load against their capacity. */
  loads: Overload[];
  capacity: number | null;
}

type Named = Pick<ComplaintItem, 'name' | 'client'>;

/** The order of today's dropped balls: by name (then client id). */
export function nameOrder(collator: NameOrder): (a: Named, b: Named) => number {
  return (a, b) => collator.compare(a.name, b.name) || compareText(a.client, b.client);
}

/** The order of today's complaints: most overdue first, then by name. */
export function complaintOrder(collator: NameOrder): (a: Pick<ComplaintItem, 'overdueDays' | 'name' | 'client'>, b: Pick<ComplaintItem, 'overdueDays' | 'name' | 'client'>) => number {
  const byName = nameOrder(collator);
  return (a, b) => b.overdueDays - a.overdueDays || byName(a, b);
}

/** The order of today's birthdays: by the client's name, then the contact's. */
export function birthdayOrder(collator: NameOrder): (a: Pick<BirthdayItem, 'name' | 'client' | 'contact'>, b: Pick<BirthdayItem, 'name' | 'client' | 'contact'>) => number {
  const byName = nameOrder(collator);
  return (a, b) => byName(a, b) || collator.compare(a.contact, b.contact);
}

/** The whole divider for today. */
export function today(dossiers: readonly Dossier[], settings: Settings, date: IsoDate, scope: Scope, collator: NameOrder = nameCollator(settings)): Day {
  const items = itemsOn(fileAll(dossiers, settings), date, date, scope, collator);
  const complaints: ComplaintItem[] = [];
  const birthdays: BirthdayItem[] = [];
  const unscheduled: UnscheduledItem[] = [];
  for (const dossier of dossiers) {
    if (!inScope(dossier, scope, date)) continue;
    for (const complaint of dossier.complaints) {
      if (complaint.resolved === undefined && complaint.due !== undefined && complaint.due <= date) {
        complaints.push({
          client: dossier.id,
          name: dossier.name,
          owner: dossier.owner ?? null,
          summary: complaint.summary,
          opened: complaint.opened,
          due: complaint.due,
          overdueDays: daysBetween(complaint.due, date),
        });
      }
    }
    for (const contact of dossier.contacts) {
      const birthday = contact.birthday ? birthdayMonthDay(contact.birthday) : undefined;
      if (birthday && isBirthdayOn(birthday, date)) {
        birthdays.push({
          client: dossier.id,
          name: dossier.name,
          contact: contact.name,
          role: contact.role ?? null,
          phone: contact.phone ?? null,
          age: birthday.year !== undefined ? Number(date.slice(0, 4)) - birthday.year : null,
        });
      }
    }
    if (isDropped(dossier, settings)) {
      const last = lastContact(dossier);
      unscheduled.push({
        client: dossier.id,
        name: dossier.name,
        owner: dossier.owner ?? null,
        stage: dossier.stage ?? null,
        lastContact: last ? dayOf(last.at) : null,
      });
    }
  }
  complaints.sort(complaintOrder(collator));
  birthdays.sort(birthdayOrder(collator));
  unscheduled.sort(nameOrder(collator));
  return {
    date,
    items,
    complaints,
    birthdays,
    unscheduled,
    overloaded: overloads(items, settings, scope),
    loads: loadsOf(items, settings, scope),
    capacity: capacityOf(settings, scope.owner) ?? null,
  };
}

/** Each member's load on this divider against their capacity (members with a capacity and work that day). */
export function loadsOf(items: readonly Pick<AgendaItem, 'owner' | 'coveredBy'>[], settings: Settings, scope: Scope): Overload[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const member = item.coveredBy ?? item.owner;
    if (member !== null && (scope.owner === undefined || member === scope.owner)) counts.set(member, (counts.get(member) ?? 0) + 1);
  }
  const result: Overload[] = [];
  for (const [owner, count] of [...counts].sort(([a], [b]) => compareText(a, b))) {
    const capacity = capacityOf(settings, owner);
    if (capacity !== undefined) result.push({ owner, count, capacity });
  }
  return result;
}

/** Members whose load on this divider is above their capacity. */
export function overloads(items: readonly Pick<AgendaItem, 'owner' | 'coveredBy'>[], settings: Settings, scope: Scope): Overload[] {
  return loadsOf(items, settings, scope).filter((load) => load.count > load.capacity);
}

export interface AgendaDay {
  date: IsoDate;
  workday: boolean;
  holiday: boolean;
  count: number;
  capacity: number | null;
  /** Members above their capacity on this day. */
  overloaded: Overload[];
  /** Each member's load against their capacity. */
  loads: Overload[];
  items: AgendaItem[];
}

/** The dividers from today on, `days` of them; today's includes everything overdue. */
export function agenda(
  dossiers: readonly Dossier[],
  settings: Settings,
  from: IsoDate,
  dates: readonly IsoDate[],
  scope: Scope,
  collator: NameOrder = nameCollator(settings),
): AgendaDay[] {
  const filed = fileAll(dossiers, settings);
  return dates.map((date) => {
    const items = itemsOn(filed, date, from, scope, collator);
    return {
      date,
      workday: isWorkday(date, settings.calendar),
      holiday: settings.calendar.holidays.has(date),
      count: items.length,
      capacity: capacityOf(settings, scope.owner) ?? null,
      overloaded: overloads(items, settings, scope),
      loads: loadsOf(items, settings, scope),
      items,
    };
  });
}

/**
 * What decides whether a dossier can appear on a day view, and what validate looks at across the
 * book, worked out once when the dossier is read (a book's index keeps it for every dossier).
 */
export interface Facts {
  /** The divider it is filed behind (its next contact, or where its cadence puts it). */
  due: IsoDate | null;
  /** The earliest due date of an open complaint. */
  complaintDue: IsoDate | null;
  /** Its contacts' birthdays, as MM-DD. */
  birthdays: string[];
  dropped: boolean;
  owner: string | null;
  /** The member of its cover, whether or not the cover has ended, and until when. */
  coverBy: string | null;
  coverUntil: IsoDate | null;
  /** What makes two dossiers likely the same client (checks.ts contactKeys). */
  keys: string[];
  /** The day of the newest log entry (validate warns about one after today). */
  lastAt: IsoDate | null;
}

export function factsOf(dossier: Dossier, settings: Settings): Facts {
  let complaintDue: IsoDate | null = null;
  for (const c of dossier.complaints) if (c.resolved === undefined && c.due !== undefined && (complaintDue === null || c.due < complaintDue)) complaintDue = c.due;
  const filing = filingOf(dossier, settings);
  const birthdays: string[] = [];
  for (const contact of dossier.contacts) {
    const day = contact.birthday ? birthdayMonthDay(contact.birthday) : undefined;
    if (day) birthdays.push(`${String(day.month).padStart(2, '0')}-${String(day.day).padStart(2, '0')}`);
  }
  return {
    due: filing?.due ?? null,
    complaintDue,
    birthdays,
    dropped: filing === undefined && !isClosed(dossier, settings),
    owner: dossier.owner ?? null,
    coverBy: dossier.cover?.by ?? null,
    coverUntil: dossier.cover?.until ?? null,
    keys: [...new Set(dossier.contacts.flatMap(contactKeys))],
    lastAt: dossier.log.length > 0 ? dayOf(dossier.log[dossier.log.length - 1]!.at) : null,
  };
}

/** Which dividers a command shows: from today to `until`, of everybody's work or one member's. */
export interface DayRange {
  from: IsoDate;
  until: IsoDate;
  owner?: string;
}

/**
 * Whether a dossier with these facts can appear on the dividers of `range` (as an item, a
 * complaint, a birthday or a dropped ball): the few a day view needs of a big book.
 */
export function mayAppear(range: DayRange): (facts: Facts) => boolean {
  const monthDays = new Set<string>();
  for (let day = range.from, n = 0; day <= range.until && n < 400; n++, day = addDays(day, 1)) {
    monthDays.add(day.slice(5));
    // (29 February birthdays are kept on 28 February in other years)
    if (day.slice(5) === '02-28' && daysInMonth(Number(day.slice(0, 4)), 2) === 28) monthDays.add('02-29');
  }
  return (facts) => {
    if (range.owner !== undefined && facts.owner !== range.owner && facts.coverBy !== range.owner) return false;
    if (facts.dropped) return true;
    if (facts.due !== null && facts.due <= range.until) return true;
    if (facts.complaintDue !== null && facts.complaintDue <= range.until) return true;
    return facts.birthdays.some((day) => monthDays.has(day));
  };
}

/** Today's divider as `today` shows it: the day, whose work it is, and the errors that hid dossiers. */
export interface TodayView extends Day {
  owner: string | null;
  problems: Diagnostic[];
}

/** The dividers ahead as `agenda` shows them. */
export interface AgendaView {
  from: IsoDate;
  to: IsoDate;
  owner: string | null;
  days: AgendaDay[];
  problems: Diagnostic[];
}

/** Today's divider of `scope`'s work; `problems`: the errors that hid dossiers. */
export function todayView(dossiers: readonly Dossier[], settings: Settings, date: IsoDate, scope: Scope, problems: Diagnostic[]): TodayView {
  return { ...today(dossiers, settings, date, scope), owner: scope.owner ?? null, problems };
}

/** `count` dividers from `from` on, of `scope`'s work. */
export function agendaView(dossiers: readonly Dossier[], settings: Settings, from: IsoDate, count: number, scope: Scope, problems: Diagnostic[]): AgendaView {
  const dates = Array.from({ length: count }, (_, i) => addDays(from, i));
  return { from, to: dates[dates.length - 1]!, owner: scope.owner ?? null, days: agenda(dossiers, settings, from, dates, scope), problems };
}
