// Calendar dates as the binder knows them: plain days (YYYY-MM-DD), working days and holidays.
// Days are handled as whole numbers of days since 1970-01-01, so arithmetic never meets a clock
// change or a time zone; the only clock-aware function is `todayIn`.

/** A calendar day written YYYY-MM-DD. */
export type IsoDate = string;

const DAY_MS = 86_400_000;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Day number of a valid YYYY-MM-DD date, or undefined for anything else (2026-02-30 included). */
export function dayNumber(date: string): number | undefined {
  // (by hand rather than with a RegExp and a Date: every dossier's dates go through here)
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return undefined;
  const y = digits(date, 0, 4);
  const mo = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return civilDay(y, mo, d);
}

/** The number written in date[from, to), or -1 when that is not all ASCII digits. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Days since 1970-01-01 of a day of the proleptic Gregorian calendar (years 0-99 as written),
 * by whole-number arithmetic (H. Hinnant's days_from_civil): eras of 400 years, years from March.
 */
function civilDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Date.parse of a log entry's time, by arithmetic for the form files use (2026-11-20T14:05+01:00,
 * with seconds or Z): every entry of every dossier is checked for its order, and Date.parse
 * costs as much as the rest of those checks. Anything else (fractions of a second, offsets
 * without a colon, days the calendar does not have) is left to Date.parse itself.
 */
export function timestampMs(at: string): number {
  const length = at.length;
  const zone = length === 17 || length === 20 ? 'Z' : length === 22 || length === 25 ? '±' : '';
  if (zone === '' || at.charCodeAt(10) !== 84 /* T */ || at.charCodeAt(13) !== 58 /* : */) return Date.parse(at);
  const seconds = length === 20 || length === 25;
  if (seconds && at.charCodeAt(16) !== 58) return Date.parse(at);
  const day = dayNumber(at.slice(0, 10));
  const hours = digits(at, 11, 13);
  const minutes = digits(at, 14, 16);
  const second = seconds ? digits(at, 17, 19) : 0;
  const z = seconds ? 19 : 16;
  let offset = 0;
  if (zone === 'Z') {
    if (at.charCodeAt(z) !== 90 /* Z */) return Date.parse(at);
  } else {
    const sign = at.charCodeAt(z);
    const offsetHours = digits(at, z + 1, z + 3);
    const offsetMinutes = digits(at, z + 4, z + 6);
    if ((sign !== 43 && sign !== 45) || at.charCodeAt(z + 3) !== 58 || offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return Date.parse(at);
    offset = (sign === 43 ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  if (day === undefined || hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || second < 0 || second > 59) return Date.parse(at);
  return day * DAY_MS + hours * 3_600_000 + minutes * 60_000 + second * 1000 - offset;
}

export function isValidDate(date: string): boolean {
  return dayNumber(date) !== undefined;
}

export function fromDayNumber(day: number): IsoDate {
  // the inverse of civilDay (civil_from_days), for the years a date can be written with
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const d = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0);
  if (!Number.isInteger(day) || y < 0 || y > 9999) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function mustDay(date: IsoDate): number {
  const day = dayNumber(date);
  if (day === undefined) throw new RangeError(`not a date: ${date}`);
  return day;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(mustDay(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return mustDay(to) - mustDay(from);
}

/** Months are added like a person would: Jan 31 + 1m is the last day of February. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday.
  return WEEKDAYS[(((mustDay(date) + 4) % 7) + 7) % 7]!;
}

/** Which days are worked: the book's weekdays less its holidays. */
export interface WorkCalendar {
  workdays: ReadonlySet<Weekday>;
  holidays: ReadonlySet<IsoDate>;
}

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
  let day = date;
  let left = count;
  if (left === 0) return workdayOnOrAfter(day, calendar);
  while (left > 0) {
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

/** Today's date in a time zone (an IANA name); throws RangeError for an unknown zone. */
export function todayIn(timeZone: string | undefined, now: Date): IsoDate {
  return wallClock(timeZone, now.getTime()).date;
}

let canonicalZones: ReadonlySet<string> | undefined;

export function isTimeZone(name: string): boolean {
  // The canonical names are a cheap list; aliases (US/Eastern, UTC) are asked of ICU itself.
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `read` with Date's local fields in `zone`. Node re-reads TZ when process.env.TZ is assigned
 * (on its main thread; not in workers, which `switchesZone` finds out), and that costs a fraction
 * of a millisecond, where the first Intl.DateTimeFormat with a time zone loads ICU's zone data
 * (10–20 ms, on every command). The variable is put back at once.
 */
function inZone<T>(zone: string, read: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return read();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

let zoneSwitching: boolean | undefined;
const switchesZone = (): boolean => (zoneSwitching ??= inZone('Etc/GMT-14', () => new Date(0).getTimezoneOffset() === -840));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAMES: Record<Weekday, string> = { sun: 'Sun', mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat' };

/** "Mon 23 Nov 2026": the way a divider is labelled. Fixed English, so output does not depend on the machine. */
export function formatDayLong(date: IsoDate): string {
  let label = dayLabels.get(date);
  if (label === undefined) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    label = `${DAY_NAMES[weekdayOf(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
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
  // YYYY-MM-DD or --MM-DD, by hand (every contact of a first run comes through here)
  const yearless = text.length === 7 && text.charCodeAt(0) === 45;
  if (!(yearless || text.length === 10) || text.charCodeAt(text.length - 3) !== 45 || text.charCodeAt(text.length - 6) !== 45) return undefined;
  const month = digits(text, text.length - 5, text.length - 3);
  const day = digits(text, text.length - 2, text.length);
  const year = yearless ? undefined : digits(text, 0, 4);
  if (month < 0 || day < 0 || (year !== undefined && year < 0)) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year ?? 2000, month)) return undefined;
  return year === undefined ? { month, day } : { year, month, day };
}

/** Whether a birthday falls on `date`; 29 February birthdays are kept on 28 February in other years. */
export function isBirthdayOn(birthday: { month: number; day: number }, date: IsoDate): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (birthday.month === m && birthday.day === d) return true;
  return birthday.month === 2 && birthday.day === 29 && m === 2 && d === 28 && daysInMonth(y, 2) === 28;
}

/** Wall-clock parts of an instant in a time zone. */
function wallClock(timeZone: string | undefined, instant: number): { date: IsoDate; hour: number; minute: number; asUtc: number } {
  // Only names spelled exactly as ICU lists them switch TZ: an unknown zone must throw, and a TZ
  // of another spelling (europe/warsaw, which Intl accepts) would quietly be UTC.
  if (timeZone === undefined || ((timeZone === 'UTC' || (isTimeZone(timeZone) && canonicalZones!.has(timeZone))) && switchesZone())) {
    const read = () => {
      const d = new Date(instant);
      const date = `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      return { date, hour: d.getHours(), minute: d.getMinutes(), asUtc: Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) };
    };
    return timeZone === undefined ? read() : inZone(timeZone, read);
  }
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const date = `${String(get('year')).padStart(4, '0')}-${String(get('month')).padStart(2, '0')}-${String(get('day')).padStart(2, '0')}`;
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return { date, hour: get('hour'), minute: get('minute'), asUtc };
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
    const wanted = (mustDay(onDate) * DAY_MS) + (wall.hour * 60 + wall.minute) * 60_000;
    target = wanted - (wall.asUtc - instant);
    const offsetThere = wallClock(timeZone, target).asUtc - target;
    target = wanted - offsetThere;
  }
  const there = wallClock(timeZone, target);
  const offset = Math.round((there.asUtc - target) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return `${there.date}T${hhmm(there.hour, there.minute)}${sign}${hhmm(Math.floor(abs / 60), abs % 60)}`;
}
