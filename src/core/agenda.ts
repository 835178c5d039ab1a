// What is due: the divider for a day (scheduled contacts, cadence reminders, complaints,
// birthdays, dropped balls) and the days ahead. Pure: the book and "today" come in as values.
import { addPeriod, birthdayMonthDay, daysBetween, isBirthdayOn, isWorkday, workdayOnOrAfter, type IsoDate } from './dates.js';
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

export type ItemReason = 'scheduled' | 'cadence';

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

/** Where a dossier is filed: its next contact, or the day its cadence runs out. */
export interface Filing {
  due: IsoDate;
  reason: ItemReason;
}

/**
 * The divider a dossier sits behind. A cadence reminder is due on the last real contact plus the
 * cadence, moved to the next working day; a closed client has no cadence reminders.
 */
export function filingOf(dossier: Dossier, settings: Settings): Filing | undefined {
  if (dossier.next) return { due: dossier.next.date, reason: 'scheduled' };
  if (!dossier.cadence || isClosed(dossier, settings)) return undefined;
  const last = lastContact(dossier);
  if (!last) return undefined;
  const due = workdayOnOrAfter(addPeriod(dayOf(last.at), dossier.cadence, settings.calendar), settings.calendar);
  return { due, reason: 'cadence' };
}

/**
 * A dropped ball: an active client that sits behind no divider, so nothing will ever bring it up.
 * A client kept on a cadence (with a contact to count from) is filed by its cadence, not dropped.
 */
export function isDropped(dossier: Dossier, settings: Settings): boolean {
  return !isClosed(dossier, settings) && filingOf(dossier, settings) === undefined;
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

/** How names compare: an Intl.Collator, or something that answers as nameCollator's would. */
export interface NameOrder {
  compare(a: string, b: string): number;
  /** Optionally, a number per name in the same order (equal names, equal numbers), when known. */
  rank?(name: string): number | undefined;
}

/** Items in the display order (itemOrder), sorted by keys worked out once per item when the names' ranks are known. */
function sortItems(items: AgendaItem[], collator: NameOrder): AgendaItem[] {
  const ranks = collator.rank ? items.map((item) => collator.rank!(item.name)) : undefined;
  if (!ranks || ranks.includes(undefined)) return items.sort(itemOrder(collator));
  const order = items.map((_, i) => i);
  const priority = items.map((item) => PRIORITIES.indexOf(item.priority));
  order.sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return y.overdueDays - x.overdueDays || compareTimes(x.time, y.time) || priority[a]! - priority[b]! || ranks[a]! - ranks[b]! || compareText(x.client, y.client);
  });
  return order.map((i) => items[i]!);
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
  return sortItems(items, collator);
}

export interface Day {
  date: IsoDate;
  items: AgendaItem[];
  complaints: ComplaintItem[];
  birthdays: BirthdayItem[];
  unscheduled: UnscheduledItem[];
  overloaded: Overload[];
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
      // (most birthdays are not today: only those written with today's month-day, or 29 Feb, are parsed)
      const written = contact.birthday;
      if (!written || (written.slice(-5) !== date.slice(5) && !written.endsWith('-02-29'))) continue;
      const birthday = birthdayMonthDay(written);
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
    capacity: capacityOf(settings, scope.owner) ?? null,
  };
}

/** Members whose load on this divider is above their capacity. */
export function overloads(items: readonly Pick<AgendaItem, 'owner' | 'coveredBy'>[], settings: Settings, scope: Scope): Overload[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const member = item.coveredBy ?? item.owner;
    if (member !== null && (scope.owner === undefined || member === scope.owner)) counts.set(member, (counts.get(member) ?? 0) + 1);
  }
  const result: Overload[] = [];
  for (const [owner, count] of [...counts].sort(([a], [b]) => compareText(a, b))) {
    const capacity = capacityOf(settings, owner);
    if (capacity !== undefined && count > capacity) result.push({ owner, count, capacity });
  }
  return result;
}

export interface AgendaDay {
  date: IsoDate;
  workday: boolean;
  holiday: boolean;
  count: number;
  capacity: number | null;
  /** Members above their capacity on this day. */
  overloaded: Overload[];
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
      items,
    };
  });
}
