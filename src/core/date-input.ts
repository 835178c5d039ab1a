// Dates as people type them (2026-11-24, 24.11, +3d, fri, dec 5) turned into calendar days, by the rules of
// SPEC 6.6: relative dates move off non-working days and say so, explicit dates are kept with a warning.

import {
  addDays,
  addPeriod,
  daysBetween,
  daysInMonth,
  isValidDate,
  LAST_DATE,
  formatDayLong,
  isWorkday,
  weekdayOf,
  workdayOnOrAfter,
  WEEKDAYS,
  type IsoDate,
  type Period,
  type Weekday,
  type WorkCalendar,
} from './dates.js';

export interface DateInputContext {
  today: IsoDate;
  calendar: WorkCalendar;
  allowPast?: boolean;
}

export type DateInput =
  | { ok: true; date: IsoDate; relative: boolean; notice?: string; warning?: string }
  | { ok: false; message: string };

/** One line listing the accepted forms, used in error messages and --help. */
export const DATE_FORMS =
  'YYYY-MM-DD, DD.MM.YYYY, DD.MM, today, tomorrow, +3d, +2w, +1m, +2wd, a weekday (mon, friday), dec 5, 5 dec';

const MAX_COUNT = 999;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// Maps, not object literals: a typed word such as "constructor" must not find anything.
const MONTH_WORDS = new Map<string, number>([
  ...MONTH_NAMES.map((name, i): [string, number] => [name.toLowerCase(), i + 1]),
  ...MONTH_NAMES.map((name, i): [string, number] => [name.slice(0, 3).toLowerCase(), i + 1]),
  ['sept', 9],
]);

const WEEKDAY_WORDS = new Map<string, Weekday>([
  ...WEEKDAYS.map((day): [string, Weekday] => [day, day]),
  ['monday', 'mon'], ['tuesday', 'tue'], ['tues', 'tue'], ['wednesday', 'wed'], ['thursday', 'thu'],
  ['thur', 'thu'], ['thurs', 'thu'], ['friday', 'fri'], ['saturday', 'sat'], ['sunday', 'sun'],
]);

/** What the person typed: `text` normalised for matching, `shown` as it goes into messages. */
interface Typed {
  text: string;
  shown: string;
  quoted: string;
  today: IsoDate;
}

/** What one form makes of the text: a named day, a span counted from today, or a refusal with its reason. */
type Reading = { day: IsoDate } | { ahead: Period } | { refused: string };

/** A form returns undefined when the text is not written in it, so the next form gets a try. */
type Form = (typed: Typed) => Reading | undefined;

const FORMS: readonly Form[] = [slashRefusal, namedDay, countedSpan, isoDay, dottedDay, dottedDayWithoutYear, weekdayDay, monthNameDay];

export function parseDateInput(text: string, context: DateInputContext): DateInput {
  if (!isValidDate(context.today)) return { ok: false, message: `today ${quotedInput(String(context.today))} is not a date` };
  const typed = typedInput(text, context.today);
  const reading = readingOf(typed);
  if (reading === undefined) return { ok: false, message: `cannot read ${typed.quoted} as a date; write it as one of: ${DATE_FORMS}` };
  if ('refused' in reading) return { ok: false, message: reading.refused };
  if ('ahead' in reading) return relativeDate(typed, reading.ahead, context);
  return explicitDate(typed, reading.day, context);
}

function typedInput(text: string, today: IsoDate): Typed {
  const shown = text.trim();
  // No accepted form is longer than 40 characters: longer input is not matched at all, and stays cheap.
  const normalised = shown.length > 40 ? '' : shown.toLowerCase().replace(/\s+/g, ' ').replace(/ ?, ?/g, ', ');
  return { text: normalised, shown, quoted: quotedInput(shown), today };
}

function readingOf(typed: Typed): Reading | undefined {
  for (const form of FORMS) {
    const reading = form(typed);
    if (reading !== undefined) return reading;
  }
  return undefined;
}

function relativeDate(typed: Typed, span: Period, context: DateInputContext): DateInput {
  const { calendar } = context;
  // The helpers of dates.ts refuse days past 9999 by throwing; make sure a far span cannot get there.
  const reach = 31 * span.count + 7 * calendar.holidays.size + 800;
  if (daysBetween(context.today, LAST_DATE) < reach) return { ok: false, message: `${typed.quoted} reaches past the year 9999` };
  const landed = addPeriod(context.today, span, calendar);
  if (calendar.workdays.size === 0 || isWorkday(landed, calendar)) return { ok: true, date: landed, relative: true };
  const moved = workdayOnOrAfter(landed, calendar);
  const notice = `${typed.shown} is ${formatDayLong(landed)}, ${whyNotWorked(landed, calendar)}: moved to ${formatDayLong(moved)}`;
  return { ok: true, date: moved, relative: true, notice };
}

function explicitDate(typed: Typed, date: IsoDate, context: DateInputContext): DateInput {
  if (!isValidDate(date)) return { ok: false, message: `${typed.quoted} falls after the year 9999` };
  if (date < context.today && !context.allowPast) return { ok: false, message: `${date} is in the past; pass --allow-past to use it` };
  const { calendar } = context;
  if (calendar.workdays.size === 0 || isWorkday(date, calendar)) return { ok: true, date, relative: false };
  const warning = `${formatDayLong(date)} is ${whyNotWorked(date, calendar)} (kept as given)`;
  return { ok: true, date, relative: false, warning };
}

function whyNotWorked(date: IsoDate, calendar: WorkCalendar): string {
  return calendar.holidays.has(date) ? 'a holiday' : 'not a working day';
}

// ---- the forms, tried in order ----

function slashRefusal({ text, quoted }: Typed): Reading | undefined {
  if (!text.includes('/')) return undefined;
  return { refused: `${quoted} is ambiguous (day/month or month/day?); write it as one of: ${DATE_FORMS}` };
}

function namedDay({ text, today }: Typed): Reading | undefined {
  if (text === 'today') return { day: today };
  if (text === 'tomorrow') return { ahead: { count: 1, unit: 'd' } };
  return undefined;
}

/** +3d, +2w, +1m, +2wd, with or without the plus. Not parsePeriod: that one refuses 0 and allows 9999. */
function countedSpan({ text, quoted }: Typed): Reading | undefined {
  const m = /^\+?(\d+)(wd|d|w|m)$/.exec(text);
  if (!m) return undefined;
  const count = Number(m[1]);
  const unit = m[2] as Period['unit'];
  if (count > MAX_COUNT) return { refused: `${quoted} is too far ahead: the count is at most ${MAX_COUNT}` };
  return { ahead: { count, unit } };
}

function isoDay(typed: Typed): Reading | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(typed.text);
  return m ? dayOfYear(typed, Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

function dottedDay(typed: Typed): Reading | undefined {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/.exec(typed.text);
  return m ? dayOfYear(typed, Number(m[3]), Number(m[2]), Number(m[1])) : undefined;
}

function dottedDayWithoutYear(typed: Typed): Reading | undefined {
  const m = /^(\d{1,2})\.(\d{1,2})\.?$/.exec(typed.text);
  return m ? nextDayOfMonth(typed, Number(m[2]), Number(m[1])) : undefined;
}

function weekdayDay({ text, today, quoted }: Typed): Reading | undefined {
  const weekday = WEEKDAY_WORDS.get(text);
  if (weekday === undefined) return undefined;
  // Strictly after today: "fri" typed on a Friday means next week's.
  const ahead = ((WEEKDAYS.indexOf(weekday) - WEEKDAYS.indexOf(weekdayOf(today)) + 6) % 7) + 1;
  if (daysBetween(today, LAST_DATE) < ahead) return { refused: `${quoted} falls after the year 9999` };
  return { day: addDays(today, ahead) };
}

/** dec 5, december 5, 5 dec, each with an optional year (dec 5 2027, 5 dec, 2027). */
function monthNameDay(typed: Typed): Reading | undefined {
  const monthFirst = /^([a-z]+)\.? (\d{1,2})(?:,? (\d{4}))?$/.exec(typed.text);
  const dayFirst = /^(\d{1,2}) ([a-z]+)\.?(?:,? (\d{4}))?$/.exec(typed.text);
  const [word, day, year] = monthFirst ? [monthFirst[1], monthFirst[2], monthFirst[3]] : dayFirst ? [dayFirst[2], dayFirst[1], dayFirst[3]] : [];
  const month = word === undefined ? undefined : MONTH_WORDS.get(word);
  if (month === undefined) return undefined;
  return year === undefined ? nextDayOfMonth(typed, month, Number(day)) : dayOfYear(typed, Number(year), month, Number(day));
}

// ---- building days ----

function dayOfYear({ quoted }: Typed, year: number, month: number, day: number): Reading {
  if (month < 1 || month > 12) return { refused: `${quoted} is not a date (there is no month ${month})` };
  if (day < 1) return { refused: `${quoted} is not a date (there is no day ${day})` };
  const days = daysInMonth(year, month);
  if (day > days) return { refused: `${quoted} is not a date (${MONTH_NAMES[month - 1]} ${year} has ${days} days)` };
  return { day: isoOf(year, month, day) };
}

/** The first such day on or after today: this year's, or a later year's (29 Feb waits for a leap year). */
function nextDayOfMonth({ quoted, today }: Typed, month: number, day: number): Reading {
  if (month < 1 || month > 12) return { refused: `${quoted} is not a date (there is no month ${month})` };
  if (day < 1) return { refused: `${quoted} is not a date (there is no day ${day})` };
  const most = daysInMonth(2000, month);
  if (day > most) return { refused: `${quoted} is not a date (${MONTH_NAMES[month - 1]} has ${month === 2 ? 'at most ' : ''}${most} days)` };
  const thisYear = Number(today.slice(0, 4));
  for (let year = thisYear; year <= Math.min(thisYear + 8, 9999); year++) {
    const date = isoOf(year, month, day);
    if (isValidDate(date) && date >= today) return { day: date };
  }
  return { refused: `${quoted} falls after the year 9999` };
}

function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The input in double quotes, at most 40 characters, with anything that could break the line escaped. */
function quotedInput(text: string): string {
  const chars = Array.from(text.slice(0, 100));
  const cut = chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : text;
  return JSON.stringify(cut).replace(/[\u0085\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
