// The book's data as the rest of the program sees it: settings with every default filled in, and
// dossiers whose shape has been checked. Produced by src/book/, consumed by the pure core.
import type { IsoDate, Period, WorkCalendar } from './dates.js';

export type Priority = 'high' | 'normal' | 'low';
export const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];

export interface Member {
  key: string;
  name?: string;
  email?: string;
  capacity?: number;
}

export interface OutcomeRule {
  /** A period (+2wd) or 'none' to remove the next contact; absent means "ask". */
  next?: Period | 'none';
  stage?: string;
  /** A form (from `forms`) to fill in when logging this outcome. */
  form?: string;
}

export interface Settings {
  timezone?: string;
  locale: string;
  calendar: WorkCalendar;
  capacity?: number;
  team: ReadonlyMap<string, Member>;
  stages: readonly string[];
  closedStages: ReadonlySet<string>;
  actions: readonly string[];
  outcomes: ReadonlyMap<string, OutcomeRule>;
  fields: Readonly<Record<string, unknown>>;
  forms: Readonly<Record<string, Record<string, unknown>>>;
  mailFrom?: string;
  autocommit: boolean;
}

/** Log entries with these outcomes (or the action `note`) record no conversation. */
export const NON_CONTACT_OUTCOMES: ReadonlySet<string> = new Set(['rescheduled', 'handover', 'note']);

export interface Contact {
  name: string;
  role?: string;
  phone?: string;
  email?: string;
  birthday?: string;
  notes?: string;
}

export interface NextContact {
  date: IsoDate;
  time?: string;
  action?: string;
  note?: string;
}

export interface Cover {
  by: string;
  until: IsoDate;
}

export interface Complaint {
  opened: IsoDate;
  summary: string;
  due?: IsoDate;
  resolved?: IsoDate;
  resolution?: string;
}

export interface LogEntry {
  at: string;
  by?: string;
  action?: string;
  outcome?: string;
  summary?: string;
  next?: IsoDate | 'none';
  from?: IsoDate;
  to?: IsoDate;
  reason?: string;
  forms?: Record<string, Record<string, unknown>>;
}

export interface Dossier {
  /** The file stem, e.g. hurtownia-kowalski. */
  id: string;
  /** Path relative to the book, e.g. clients/hurtownia-kowalski.yaml. */
  file: string;
  name: string;
  owner?: string;
  stage?: string;
  priority: Priority;
  tags: string[];
  cadence?: Period;
  contacts: Contact[];
  next?: NextContact;
  offer?: string;
  cover?: Cover;
  complaints: Complaint[];
  log: LogEntry[];
  notes?: string;
  /** The team's own fields (declared in tickler.yaml `fields`). */
  extra: Record<string, unknown>;
}

/** Whether a log entry records a real conversation (reports and cadence count only these). */
export function isContact(entry: LogEntry): boolean {
  return !(entry.outcome !== undefined && NON_CONTACT_OUTCOMES.has(entry.outcome)) && entry.action !== 'note';
}

/** The newest log entry that was a real contact. */
export function lastContact(dossier: Dossier): LogEntry | undefined {
  for (let i = dossier.log.length - 1; i >= 0; i--) {
    const entry = dossier.log[i]!;
    if (isContact(entry)) return entry;
  }
  return undefined;
}

/** The calendar day of a timestamp as written (its own offset), e.g. 2026-11-20T23:30+01:00 -> 2026-11-20. */
export function dayOf(timestamp: string): IsoDate {
  return timestamp.slice(0, 10);
}

/** Who works this client on `date`: the cover while it runs, else the owner. */
export function activeCover(dossier: Dossier, date: IsoDate): Cover | undefined {
  return dossier.cover && dossier.cover.until >= date ? dossier.cover : undefined;
}

export function responsibleOn(dossier: Dossier, date: IsoDate): string | undefined {
  return activeCover(dossier, date)?.by ?? dossier.owner;
}

export function isClosed(dossier: Dossier, settings: Settings): boolean {
  return dossier.stage !== undefined && settings.closedStages.has(dossier.stage);
}

/** Capacity of one member: their own, else the book's. */
export function capacityOf(settings: Settings, member: string | undefined): number | undefined {
  return (member !== undefined ? settings.team.get(member)?.capacity : undefined) ?? settings.capacity;
}
