// tickler.yaml: every key has a default, so an empty file (or a broken key) still gives a working book.
import { parsePeriod, WEEKDAYS, type Weekday } from './dates.js';
import type { Diagnostic } from './diagnostics.js';
import type { Member, OutcomeRule, Settings } from './model.js';

export const DEFAULT_STAGES = ['lead', 'first-contact', 'negotiation', 'contract', 'fulfilment', 'retention', 'dormant', 'lost'];
export const DEFAULT_CLOSED_STAGES = ['dormant', 'lost'];
export const DEFAULT_ACTIONS = ['call', 'email', 'meeting', 'visit', 'task'];
export const DEFAULT_OUTCOMES: Record<string, { next?: string; stage?: string }> = {
  reached: {},
  'no-answer': { next: '+2wd' },
  voicemail: { next: '+1wd' },
  callback: {},
  'offer-sent': { next: '+3wd' },
  'meeting-set': {},
  won: { stage: 'contract' },
  lost: { stage: 'lost', next: 'none' },
  complaint: { next: '+1wd' },
};
const DEFAULT_WORKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => value !== null && typeof value === 'object' && !Array.isArray(value);
const strings = (value: unknown): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined);

/**
 * Settings with defaults filled in. `raw` is the parsed tickler.yaml; keys listed in `broken` had
 * errors and fall back to their defaults, so one bad key never stops the whole book.
 */
export function settingsFrom(raw: Raw, broken: ReadonlySet<string> = new Set()): Settings {
  const take = (key: string): unknown => (broken.has(key) ? undefined : raw[key]);
  const stages = strings(take('stages')) ?? DEFAULT_STAGES;
  const closed = strings(take('closed-stages')) ?? DEFAULT_CLOSED_STAGES.filter((s) => stages.includes(s));
  const workdays = (strings(take('workdays')) ?? DEFAULT_WORKDAYS).filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));

  const team = new Map<string, Member>();
  const rawTeam = take('team');
  if (isObject(rawTeam)) {
    for (const [key, value] of Object.entries(rawTeam)) {
      const member: Member = { key };
      if (isObject(value)) {
        if (typeof value.name === 'string') member.name = value.name;
        if (typeof value.email === 'string') member.email = value.email;
        if (typeof value.capacity === 'number') member.capacity = value.capacity;
      }
      team.set(key, member);
    }
  }

  const outcomes = new Map<string, OutcomeRule>();
  const rawOutcomes = take('outcomes');
  const outcomeSource = isObject(rawOutcomes) ? rawOutcomes : DEFAULT_OUTCOMES;
  for (const [name, value] of Object.entries(outcomeSource)) {
    const rule: OutcomeRule = {};
    if (isObject(value)) {
      if (value.next === 'none') rule.next = 'none';
      else if (typeof value.next === 'string') {
        const period = parsePeriod(value.next);
        if (period) rule.next = period;
      }
      // The defaults name stages a book may have renamed; a rule never moves a client to an unknown stage.
      if (typeof value.stage === 'string' && (outcomeSource !== DEFAULT_OUTCOMES || stages.includes(value.stage))) rule.stage = value.stage;
      if (typeof value.form === 'string') rule.form = value.form;
    }
    outcomes.set(name, rule);
  }

  const settings: Settings = {
    locale: typeof take('locale') === 'string' ? (take('locale') as string) : 'en',
    calendar: { workdays: new Set(workdays), holidays: new Set(strings(take('holidays')) ?? []) },
    team,
    stages,
    closedStages: new Set(closed),
    actions: strings(take('actions')) ?? DEFAULT_ACTIONS,
    outcomes,
    fields: isObject(take('fields')) ? (take('fields') as Raw) : {},
    forms: isObject(take('forms')) ? (take('forms') as Record<string, Raw>) : {},
    autocommit: isObject(take('git')) && (take('git') as Raw).autocommit === true,
  };
  if (typeof take('timezone') === 'string') settings.timezone = take('timezone') as string;
  if (typeof take('capacity') === 'number') settings.capacity = take('capacity') as number;
  const mail = take('mail');
  if (isObject(mail) && typeof mail.from === 'string') settings.mailFrom = mail.from;
  return settings;
}

/** The member whose e-mail matches (case-insensitively), for "who am I" from git config. */
export function memberByEmail(settings: Settings, email: string): string | undefined {
  const wanted = email.trim().toLowerCase();
  for (const member of settings.team.values()) if (member.email?.toLowerCase() === wanted) return member.key;
  return undefined;
}

/** The settings as read: what they are made from (a cache keeps that), and tickler.yaml's problems. */
/** In ParsedSettings.broken: the file could not be read at all. */
export const WHOLE_FILE = '*';

export interface ParsedSettings {
  settings: Settings;
  /** The file's plain data, and its keys that had errors (they fall back to their defaults; WHOLE_FILE: all of them). */
  raw: Record<string, unknown>;
  broken: string[];
  problems: Diagnostic[];
}

/** Settings made again from what ParsedSettings keeps. */
export function settingsOf(raw: Record<string, unknown>, broken: readonly string[], problems: Diagnostic[]): ParsedSettings {
  return { settings: settingsFrom(raw, new Set(broken)), raw, broken: [...broken], problems };
}
