// The calendar feed's events, decided from the dossiers: each client's next contact (all-day, or
// at its time in the book's time zone) and the birthdays of their people (yearly). Pure.
import { addDays, birthdayMonthDay, instantOf, type IsoDate } from './dates.js';
import { isClosed, lastContact, responsibleOn, type Dossier, type Settings } from './model.js';

export interface CalendarEvent {
  /** Stable from one export to the next: the client's id (and the contact's, for birthdays). */
  uid: string;
  summary: string;
  description: string;
  /** All-day: the date; timed: the instant (UTC) it starts. */
  date: IsoDate;
  start?: Date;
  minutes?: number;
  /** Every year on its day; a 29 February birthday on the month's last day (28 February in common years). */
  yearly?: 'date' | 'last-of-february';
  categories: string[];
}

export interface CalendarRange {
  today: IsoDate;
  /** Contacts dated up to today + days (overdue ones included, on their date). */
  days: number;
  owner?: string;
}

const CONTACT_MINUTES = 30;

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A slug of a contact's name for a UID: stable while the name is. */
function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'contact';
}

function contactEvent(dossier: Dossier, settings: Settings): CalendarEvent | undefined {
  const next = dossier.next;
  if (!next) return undefined;
  const contact = dossier.contacts[0];
  const responsible = responsibleOn(dossier, next.date);
  const lines: string[] = [];
  if (contact) lines.push([contact.role ? `${contact.name}, ${contact.role}` : contact.name, contact.phone, contact.email].filter(Boolean).join(' · '));
  if (next.note) lines.push(`→ ${next.note}`);
  const last = lastContact(dossier);
  if (last) lines.push(`Last ${last.at.slice(0, 10)}${last.outcome ? ` ${last.outcome}` : ''}${last.summary ? `: ${last.summary}` : ''}`);
  if (dossier.offer) lines.push(`Offer: ${dossier.offer}`);
  if (dossier.owner) lines.push(`Owner: ${dossier.owner}${responsible && responsible !== dossier.owner ? ` (covered by ${responsible})` : ''}`);
  lines.push(`File: ${dossier.file}`);
  const event: CalendarEvent = {
    uid: `${dossier.id}.next@tickler`,
    summary: `${capitalised(next.action ?? 'contact')}: ${dossier.name}${contact ? ` (${contact.name})` : ''}`,
    description: lines.join('\n'),
    date: next.date,
    categories: [next.action ?? 'contact', ...(dossier.stage ? [dossier.stage] : [])],
  };
  if (next.time) {
    event.start = instantOf(settings.timezone, next.date, next.time);
    event.minutes = CONTACT_MINUTES;
  }
  return event;
}

function birthdayEvents(dossier: Dossier): CalendarEvent[] {
  const seen = new Map<string, number>();
  const events: CalendarEvent[] = [];
  for (const contact of dossier.contacts) {
    const birthday = contact.birthday ? birthdayMonthDay(contact.birthday) : undefined;
    if (!birthday) continue;
    const slug = slugOf(contact.name);
    const n = (seen.get(slug) ?? 0) + 1;
    seen.set(slug, n);
    // (a year is needed to start from: the birth year, else 2000, a leap year, so 29 February stays)
    const year = birthday.year ?? 2000;
    events.push({
      uid: `${dossier.id}.birthday.${slug}${n > 1 ? `-${n}` : ''}@tickler`,
      summary: `Birthday: ${contact.name} (${dossier.name})`,
      description: [contact.role, contact.phone].filter(Boolean).join(' · '),
      date: `${String(year).padStart(4, '0')}-${String(birthday.month).padStart(2, '0')}-${String(birthday.day).padStart(2, '0')}`,
      yearly: birthday.month === 2 && birthday.day === 29 ? 'last-of-february' : 'date',
      categories: ['birthday'],
    });
  }
  return events;
}

/** The feed's events for `range`: next contacts of open clients, and birthdays; in file order. */
export function calendarEvents(dossiers: readonly Dossier[], settings: Settings, range: CalendarRange): CalendarEvent[] {
  const until = addDays(range.today, range.days);
  const events: CalendarEvent[] = [];
  for (const dossier of dossiers) {
    if (isClosed(dossier, settings)) continue;
    const next = dossier.next;
    if (next && next.date <= until && (range.owner === undefined || responsibleOn(dossier, next.date) === range.owner)) {
      const event = contactEvent(dossier, settings);
      if (event) events.push(event);
    }
    if (range.owner === undefined || responsibleOn(dossier, range.today) === range.owner) events.push(...birthdayEvents(dossier));
  }
  return events;
}
