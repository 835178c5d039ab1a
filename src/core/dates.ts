// Calendar days as the binder knows them: plain days written YYYY-MM-DD, working days and
// holidays. Day arithmetic and formatting are date-fns on local-midnight Dates (whole days, so a
// clock change never shifts a date); the wall clock of a time zone comes from Intl. The time zone
// always arrives as a value: nothing here reads or sets process state.
import { addDays as addDaysTo } from 'date-fns/addDays';
import { addMonths as addMonthsTo } from 'date-fns/addMonths';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { format } from 'date-fns/format';
import { lightFormat } from 'date-fns/lightFormat';

/** A calendar day written YYYY-MM-DD. */
export type IsoDate = string;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The latest day the tool computes with: a date-fns Date of year 10000 no longer formats as YYYY. */
export const LAST_DATE = '9999-12-31';

/**
 * Whether text is a real day written YYYY-MM-DD (2026-02-30 is not). Hand-written rather than a
 * date-fns parse: every date of every dossier of a first run comes through here, and a parse
 * costs five times as much as these few comparisons.
 */
export function isValidDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The number written in text[from, to), or -1 when that is not all ASCII digits. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** (the leap-year rule by hand, for the same reason as isValidDate) */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Local midnight of a day; years below 100 as written (the Date constructor maps them to 19xx). */
function localDate(year: number, month: number, day: number): Date {
  const date = new Date(2000, month - 1, day);
  date.setFullYear(year, month - 1, day);
  return date;
}

/** The local-midnight Date of a valid YYYY-MM-DD (a RangeError for anything else). */
export function toDate(date: IsoDate): Date {
  if (!isValidDate(date)) throw new RangeError(`not a date: ${date}`);
  return localDate(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** The day of a Date, in the zone it was made in, as YYYY-MM-DD. */
export function fromDate(date: Date): IsoDate {
  const day = lightFormat(date, 'yyyy-MM-dd');
  if (day.length !== 10) throw new RangeError(`${day} is past ${LAST_DATE}`);
  return day;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDate(addDaysTo(toDate(date), days));
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toDate(to), toDate(from));
}

/** Months are added like a person would: Jan 31 + 1m is the last day of February. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return fromDate(addMonthsTo(toDate(date), months));
}

export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[toDate(date).getDay()]!;
}

/** Which days are worked: the book's weekdays less its holidays. */
export interface WorkCalendar {
  workdays: ReadonlySet<Weekday>;
  holidays: ReadonlySet<IsoDate>;
}

// Working days are counted by hand: date-fns knows weekends, not a book's holidays or its own
// working week.

export function isWorkday(date: IsoDate, calendar: WorkCalendar): boolean {
  return calendar.workdays.has(weekdayOf(date)) && !calendar.holidays.has(date);
}

/** The date itself when it is a working day, else the first working day after it. */
export function workdayOnOrAfter(date: IsoDate, calendar: WorkCalendar): IsoDate {
  if (calendar.workdays.size === 0) return date;
  let day = date;
  // Bounded: a year of holidays in a row would be a configuration error, not a reason to hang.
  for (let i = 0; i < 800 && !isWorkday(day, calendar); i++) day = addDays(day, 1);
  return day;
}

/** `count` working days after `date` (count >= 0); the result is always a working day. */
export function addWorkdays(date: IsoDate, count: number, calendar: WorkCalendar): IsoDate {
  if (calendar.workdays.size === 0) return addDays(date, count);
  if (count === 0) return workdayOnOrAfter(date, calendar);
  let day = date;
  for (let left = count, guard = 0; left > 0 && guard < 800 + count * 7; guard++) {
    day = addDays(day, 1);
    if (isWorkday(day, calendar)) left--;
  }
  return day;
}

/** A span such as 10d, 2w, 1m or 5wd (working days), as written in `cadence` and outcome rules. */
export interface Period {
  count: number;
  unit: 'd' | 'w' | 'm' | 'wd';
}

const PERIOD = /^\+?([1-9]\d{0,3})(wd|d|w|m)$/;

export function parsePeriod(text: string): Period | undefined {
  const m = PERIOD.exec(text.trim());
  return m ? { count: Number(m[1]), unit: m[2] as Period['unit'] } : undefined;
}

export function addPeriod(date: IsoDate, period: Period, calendar: WorkCalendar): IsoDate {
  switch (period.unit) {
    case 'd':
      return addDays(date, period.count);
    case 'w':
      return addDays(date, period.count * 7);
    case 'm':
      return addMonths(date, period.count);
    case 'wd':
      return addWorkdays(date, period.count, calendar);
  }
}

/** "Mon 23 Nov 2026": the way a divider is labelled. Fixed English, so output does not depend on the machine. */
export function formatDayLong(date: IsoDate): string {
  let label = dayLabels.get(date);
  if (label === undefined) {
    label = format(toDate(date), 'EEE d MMM yyyy');
    // (an agenda names the same few hundred days thousands of times)
    if (dayLabels.size >= 4096) dayLabels.clear();
    dayLabels.set(date, label);
  }
  return label;
}

const dayLabels = new Map<IsoDate, string>();

/** "Mon 23 Nov": for lists of days within sight. */
export function formatDayShort(date: IsoDate): string {
  return formatDayLong(date).slice(0, -5);
}

/** Month and day of a birthday written YYYY-MM-DD or --MM-DD, or undefined. */
export function birthdayMonthDay(text: string): { year?: number; month: number; day: number } | undefined {
  if (text.startsWith('--')) {
    if (!isValidDate(`2000${text.slice(1)}`)) return undefined;
    return { month: Number(text.slice(2, 4)), day: Number(text.slice(5, 7)) };
  }
  if (!isValidDate(text)) return undefined;
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)), day: Number(text.slice(8, 10)) };
}

/** Whether a birthday falls on `date`; 29 February birthdays are kept on 28 February in other years. */
export function isBirthdayOn(birthday: { month: number; day: number }, date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (birthday.month === month && birthday.day === day) return true;
  return birthday.month === 2 && birthday.day === 29 && month === 2 && day === 28 && daysInMonth(year, 2) === 28;
}

// ---- the wall clock ----

/** Whether a name is a time zone Intl knows (an IANA name or an alias such as UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  date: IsoDate;
  hour: number;
  minute: number;
  /** The wall time read as if it were UTC: its difference from the instant is the zone's offset. */
  asUtc: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock parts of an instant in a time zone; `undefined` is the computer's own zone (the
 * default of tickler.yaml's `timezone`), read from the Date itself. Throws RangeError for an
 * unknown zone.
 */
function wallClock(timeZone: string | undefined, instant: number): WallTime {
  if (timeZone === undefined) {
    const d = new Date(instant);
    return { date: fromDate(d), hour: d.getHours(), minute: d.getMinutes(), asUtc: Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) };
  }
  let formatter = wallFormats.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallFormats.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = get('year');
  const date = `${String(year).padStart(4, '0')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`;
  const utc = new Date(0);
  utc.setUTCFullYear(year, get('month') - 1, get('day'));
  utc.setUTCHours(get('hour'), get('minute'), get('second'));
  return { date, hour: get('hour'), minute: get('minute'), asUtc: utc.getTime() };
}

/** Today's date in a time zone (undefined: the computer's); throws RangeError for an unknown zone. */
export function todayIn(timeZone: string | undefined, now: Date): IsoDate {
  return wallClock(timeZone, now.getTime()).date;
}

/**
 * A log entry's timestamp: `now` in the time zone, to the minute, with its offset
 * (2026-11-23T10:15+01:00). With `onDate`, the same time of day on that date (for --today).
 */
export function timestampIn(timeZone: string | undefined, now: Date, onDate?: IsoDate): string {
  const instant = Math.floor(now.getTime() / 60_000) * 60_000;
  const wall = wallClock(timeZone, instant);
  let target = instant;
  if (onDate !== undefined && onDate !== wall.date) {
    // The same wall time on another day; its offset may differ (summer time), so look again.
    const day = toDate(onDate);
    const wanted = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate(), wall.hour, wall.minute);
    target = wanted - (wall.asUtc - instant);
    target = wanted - (wallClock(timeZone, target).asUtc - target);
  }
  const there = wallClock(timeZone, target);
  const offset = Math.round((there.asUtc - target) / 60_000);
  const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return `${there.date}T${hhmm(there.hour, there.minute)}${offset < 0 ? '-' : '+'}${hhmm(Math.floor(Math.abs(offset) / 60), Math.abs(offset) % 60)}`;
}

/** The instant a wall-clock time ("HH:MM") on a date is in a time zone (undefined: the computer's). */
export function instantOf(timeZone: string | undefined, date: IsoDate, time: string): Date {
  const day = toDate(date);
  const wanted = Date.UTC(day.getFullYear(), day.getMonth(), day.getDate(), Number(time.slice(0, 2)), Number(time.slice(3, 5)));
  // The offset at a first guess, then at the instant it gives (the two differ across a change of summer time).
  let target = wanted - (wallClock(timeZone, wanted).asUtc - wanted);
  target = wanted - (wallClock(timeZone, target).asUtc - target);
  return new Date(target);
}
