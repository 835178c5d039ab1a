import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../fuzz.js';
import { DATE_FORMS, parseDateInput, type DateInput, type DateInputContext } from '../../src/core/date-input.js';
import {
  addDays,
  addWorkdays,
  daysBetween,
  isValidDate,
  isWorkday,
  weekdayOf,
  workdayOnOrAfter,
  WEEKDAYS,
  type IsoDate,
  type WorkCalendar,
} from '../../src/core/dates.js';

const MONDAY = '2026-11-23';
const officeWeek: WorkCalendar = {
  workdays: new Set(['mon', 'tue', 'wed', 'thu', 'fri']),
  holidays: new Set(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01']),
};
const noWorkdays: WorkCalendar = { workdays: new Set(), holidays: new Set() };

function read(text: string, today: IsoDate = MONDAY, more: Partial<DateInputContext> = {}): DateInput {
  return parseDateInput(text, { today, calendar: officeWeek, ...more });
}

/** The day read, or the refusal's message when there is none: keeps the examples to one line each. */
function dayOf(text: string, today: IsoDate = MONDAY, more: Partial<DateInputContext> = {}): string {
  const result = read(text, today, more);
  return result.ok ? result.date : `refused: ${result.message}`;
}

function messageOf(text: string, today: IsoDate = MONDAY, more: Partial<DateInputContext> = {}): string {
  const result = read(text, today, more);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${result.date}`);
  return result.message;
}

describe('explicit dates', () => {
  it('reads YYYY-MM-DD', () => {
    expect(read('2026-11-24')).toEqual({ ok: true, date: '2026-11-24', relative: false });
    expect(dayOf('2027-1-5')).toBe('2027-01-05');
  });

  it('refuses impossible days, saying why', () => {
    expect(messageOf('2026-02-30')).toBe('"2026-02-30" is not a date (February 2026 has 28 days)');
    expect(messageOf('2028-02-30')).toBe('"2028-02-30" is not a date (February 2028 has 29 days)');
    expect(messageOf('2026-13-01')).toBe('"2026-13-01" is not a date (there is no month 13)');
    expect(messageOf('2026-12-00')).toBe('"2026-12-00" is not a date (there is no day 0)');
    expect(messageOf('2026-02-30', MONDAY, { allowPast: true })).toContain('February 2026 has 28 days');
  });

  it('reads D.M.YYYY and DD.MM.YYYY, with an optional trailing dot', () => {
    expect(read('24.11.2026')).toEqual({ ok: true, date: '2026-11-24', relative: false });
    expect(dayOf('4.1.2027')).toBe('2027-01-04');
    expect(dayOf('04.01.2027.')).toBe('2027-01-04');
    expect(messageOf('31.04.2027')).toBe('"31.04.2027" is not a date (April 2027 has 30 days)');
    expect(messageOf('1.13.2027')).toContain('there is no month 13');
  });

  it('reads D.M without a year as the next such day on or after today', () => {
    expect(dayOf('24.11')).toBe('2026-11-24');
    expect(dayOf('24.11.')).toBe('2026-11-24');
    expect(dayOf('4.1')).toBe('2027-01-04');
    expect(dayOf('23.11')).toBe(MONDAY);
    expect(dayOf('22.11')).toBe('2027-11-22');
  });

  it('rolls year-less dates into next year near the end of the year', () => {
    const dec30 = '2026-12-30';
    expect(dayOf('24.11', dec30)).toBe('2027-11-24');
    expect(dayOf('30.12', dec30)).toBe(dec30);
    expect(dayOf('31.12', dec30)).toBe('2026-12-31');
    expect(dayOf('dec 5', dec30)).toBe('2027-12-05');
    expect(dayOf('5 jan', dec30)).toBe('2027-01-05');
  });

  it('waits for a leap year for 29 February', () => {
    expect(dayOf('29.02', '2027-03-01')).toBe('2028-02-29');
    expect(dayOf('29.02', '2027-01-10')).toBe('2028-02-29');
    expect(dayOf('29.02', '2028-02-29')).toBe('2028-02-29');
    expect(dayOf('feb 29', '2096-03-01')).toBe('2104-02-29'); // 2100 is not a leap year
  });

  it('refuses year-less days that no year has', () => {
    expect(messageOf('30.02')).toBe('"30.02" is not a date (February has at most 29 days)');
    expect(messageOf('31.04')).toBe('"31.04" is not a date (April has 30 days)');
    expect(messageOf('0.5')).toContain('there is no day 0');
    expect(messageOf('5.13')).toContain('there is no month 13');
  });

  it('reads today as the day itself, never moved', () => {
    expect(read('today')).toEqual({ ok: true, date: MONDAY, relative: false });
    expect(read(' TODAY ', '2026-11-28')).toEqual({
      ok: true,
      date: '2026-11-28',
      relative: false,
      warning: 'Sat 28 Nov 2026 is not a working day (kept as given)',
    });
  });

  it('reads weekday names as the next such day strictly after today', () => {
    expect(dayOf('mon')).toBe('2026-11-30');
    expect(dayOf('tue')).toBe('2026-11-24');
    expect(dayOf('tues')).toBe('2026-11-24');
    expect(dayOf('tuesday')).toBe('2026-11-24');
    expect(dayOf('wed')).toBe('2026-11-25');
    expect(dayOf('Wednesday')).toBe('2026-11-25');
    for (const thursday of ['thu', 'thur', 'thurs', 'THURSDAY']) expect(dayOf(thursday)).toBe('2026-11-26');
    expect(dayOf('fri')).toBe('2026-11-27');
    expect(dayOf('friday')).toBe('2026-11-27');
    expect(dayOf('sun')).toBe('2026-11-29');
    expect(dayOf('sunday')).toBe('2026-11-29');
    expect(dayOf('monday')).toBe('2026-11-30');
    expect(read('sat')).toEqual({
      ok: true,
      date: '2026-11-28',
      relative: false,
      warning: 'Sat 28 Nov 2026 is not a working day (kept as given)',
    });
    expect(dayOf('fri', '2026-11-27')).toBe('2026-12-04');
  });

  it('reads month names before or after the day, with an optional year', () => {
    expect(dayOf('dec 5')).toBe('2026-12-05');
    expect(dayOf('5 dec')).toBe('2026-12-05');
    expect(dayOf('december 5')).toBe('2026-12-05');
    expect(dayOf('5 December')).toBe('2026-12-05');
    expect(dayOf('Dec. 5')).toBe('2026-12-05');
    expect(dayOf('july 5')).toBe('2027-07-05');
    expect(dayOf('sept 5')).toBe('2027-09-05');
    expect(dayOf('sep 5')).toBe('2027-09-05');
    expect(dayOf('5 september')).toBe('2027-09-05');
    expect(dayOf('may 1')).toBe('2027-05-01');
    expect(dayOf('nov 20')).toBe('2027-11-20'); // year-less: never in the past
    expect(dayOf('dec 5 2027')).toBe('2027-12-05');
    expect(dayOf('5 dec 2027')).toBe('2027-12-05');
    expect(dayOf('5 dec, 2027')).toBe('2027-12-05');
    expect(dayOf('Dec 5, 2027')).toBe('2027-12-05');
    expect(dayOf('dec  5')).toBe('2026-12-05');
  });

  it('refuses month-name days that do not exist', () => {
    expect(messageOf('feb 30')).toBe('"feb 30" is not a date (February has at most 29 days)');
    expect(messageOf('feb 29 2027')).toBe('"feb 29 2027" is not a date (February 2027 has 28 days)');
    expect(messageOf('31 april')).toContain('April has 30 days');
    expect(messageOf('dex 5')).toContain('cannot read "dex 5" as a date');
  });

  it('keeps an explicit date on a non-working day or holiday, with a warning', () => {
    expect(read('2026-11-28')).toEqual({
      ok: true,
      date: '2026-11-28',
      relative: false,
      warning: 'Sat 28 Nov 2026 is not a working day (kept as given)',
    });
    expect(read('dec 24')).toEqual({
      ok: true,
      date: '2026-12-24',
      relative: false,
      warning: 'Thu 24 Dec 2026 is a holiday (kept as given)',
    });
    expect(read('5 dec', MONDAY, { calendar: noWorkdays })).toEqual({ ok: true, date: '2026-12-05', relative: false });
  });

  it('refuses a date before today unless the past is allowed', () => {
    expect(messageOf('2026-11-20')).toBe('2026-11-20 is in the past; pass --allow-past to use it');
    expect(messageOf('20.11.2026')).toBe('2026-11-20 is in the past; pass --allow-past to use it');
    expect(messageOf('nov 20 2026')).toContain('is in the past');
    expect(read('2026-11-20', MONDAY, { allowPast: true })).toEqual({ ok: true, date: '2026-11-20', relative: false });
    expect(read('2026-11-22', MONDAY, { allowPast: true })).toEqual({
      ok: true,
      date: '2026-11-22',
      relative: false,
      warning: 'Sun 22 Nov 2026 is not a working day (kept as given)',
    });
  });
});

describe('relative dates', () => {
  it('reads tomorrow', () => {
    expect(read('tomorrow')).toEqual({ ok: true, date: '2026-11-24', relative: true });
    expect(read('Tomorrow', '2026-12-23')).toEqual({
      ok: true,
      date: '2026-12-28',
      relative: true,
      notice: 'Tomorrow is Thu 24 Dec 2026, a holiday: moved to Mon 28 Dec 2026',
    });
  });

  it('reads +Nd, +Nw, +Nm and +Nwd, with or without the plus', () => {
    expect(read('+3d')).toEqual({ ok: true, date: '2026-11-26', relative: true });
    expect(dayOf('3d')).toBe('2026-11-26');
    expect(dayOf('+0d')).toBe(MONDAY);
    expect(dayOf('+2w')).toBe('2026-12-07');
    expect(dayOf('2W')).toBe('2026-12-07');
    expect(dayOf('+1m')).toBe('2026-12-23');
    expect(dayOf('+2wd')).toBe('2026-11-25');
    expect(dayOf('+5wd')).toBe('2026-11-30');
    expect(dayOf('+0wd')).toBe(MONDAY);
    expect(dayOf('+998d')).toBe(addDays(MONDAY, 998));
    expect(dayOf('+999d')).toBe('2029-08-20'); // 999 days is Sat 18 Aug 2029: moved
  });

  it('counts working days over holidays, and never needs to move them', () => {
    expect(read('+2wd', '2026-12-23')).toEqual({ ok: true, date: '2026-12-29', relative: true });
    expect(read('+0wd', '2026-11-28')).toEqual({ ok: true, date: '2026-11-30', relative: true });
  });

  it('adds months like a person: Jan 31 + 1 month is the end of February', () => {
    expect(read('+1m', '2028-01-31')).toEqual({ ok: true, date: '2028-02-29', relative: true });
    expect(read('+1m', '2027-01-31', { calendar: noWorkdays })).toEqual({ ok: true, date: '2027-02-28', relative: true });
    expect(read('+1m', '2026-01-31')).toEqual({
      ok: true,
      date: '2026-03-02',
      relative: true,
      notice: '+1m is Sat 28 Feb 2026, not a working day: moved to Mon 2 Mar 2026',
    });
  });

  it('moves a relative date off a weekend or holiday and says so', () => {
    expect(read('+3d', '2026-11-25')).toEqual({
      ok: true,
      date: '2026-11-30',
      relative: true,
      notice: '+3d is Sat 28 Nov 2026, not a working day: moved to Mon 30 Nov 2026',
    });
    expect(read('+1w', '2026-12-17')).toEqual({
      ok: true,
      date: '2026-12-28',
      relative: true,
      notice: '+1w is Thu 24 Dec 2026, a holiday: moved to Mon 28 Dec 2026',
    });
    expect(read('+0d', '2026-11-28')).toMatchObject({ ok: true, date: '2026-11-30', relative: true });
  });

  it('moves nothing when the calendar has no working days', () => {
    expect(read('+3d', '2026-11-25', { calendar: noWorkdays })).toEqual({ ok: true, date: '2026-11-28', relative: true });
    expect(read('+2wd', '2026-11-27', { calendar: noWorkdays })).toEqual({ ok: true, date: '2026-11-29', relative: true });
  });

  it('refuses counts above 999', () => {
    expect(messageOf('+1000d')).toBe('"+1000d" is too far ahead: the count is at most 999');
    expect(messageOf('+99999999wd')).toContain('at most 999');
    expect(messageOf(`+${'9'.repeat(30)}m`)).toContain('at most 999');
    expect(messageOf(`+${'9'.repeat(400)}m`)).toContain('cannot read');
  });

  it('refuses a relative date past the year 9999 instead of failing', () => {
    expect(messageOf('tomorrow', '9999-12-31')).toBe('"tomorrow" reaches past the year 9999');
    expect(messageOf('+999wd', '9999-01-01')).toContain('past the year 9999');
    expect(messageOf('+999m', '9950-01-01')).toContain('past the year 9999');
    expect(dayOf('+12m', '9950-01-03')).toBe('9951-01-03');
    expect(messageOf('fri', '9999-12-31')).toContain('after the year 9999');
    expect(messageOf('jan 1', '9999-12-31')).toContain('after the year 9999');
  });
});

describe('refusals', () => {
  it('refuses slash dates as ambiguous, listing the accepted forms', () => {
    for (const text of ['11/24', '24/11/2026', '2026/11/24']) {
      expect(messageOf(text)).toBe(`"${text}" is ambiguous (day/month or month/day?); write it as one of: ${DATE_FORMS}`);
    }
  });

  it('refuses anything else, quoting it and listing the accepted forms', () => {
    expect(messageOf('xyz')).toBe(`cannot read "xyz" as a date; write it as one of: ${DATE_FORMS}`);
    expect(messageOf('')).toBe(`cannot read "" as a date; write it as one of: ${DATE_FORMS}`);
    expect(messageOf('-3d')).toContain('cannot read "-3d"');
    expect(messageOf('24.11.26')).toContain('cannot read "24.11.26"');
    expect(messageOf('next friday')).toContain('cannot read');
    expect(messageOf('constructor')).toContain('cannot read');
    expect(messageOf('5 __proto__')).toContain('cannot read');
  });

  it('quotes at most 40 characters and keeps the message on one line', () => {
    const message = messageOf('x'.repeat(10_000));
    expect(message).toContain(`"${'x'.repeat(39)}…"`);
    expect(message).not.toContain('x'.repeat(40));
    expect(messageOf('a\nb\u2028c')).toContain('"a\\nb\\u2028c"');
    expect(messageOf('😀'.repeat(50))).toContain(`"${'😀'.repeat(39)}…"`);
  });

  it('lists the forms on one line', () => {
    expect(DATE_FORMS).not.toMatch(/[\r\n]/);
    for (const form of ['YYYY-MM-DD', 'DD.MM.YYYY', 'today', 'tomorrow', '+3d', '+2wd', 'dec 5']) expect(DATE_FORMS).toContain(form);
  });

  it('refuses an impossible today instead of failing', () => {
    expect(read('tomorrow', '2026-02-30').ok).toBe(false);
  });
});

// ---- properties ----

const anyToday = fc.integer({ min: 0, max: daysBetween('2000-01-01', '2100-12-31') }).map((n) => addDays('2000-01-01', n));

/** Any calendar with at least one working day, with up to 40 holidays in the four months after today. */
function calendarNear(today: IsoDate, workdays: readonly string[], holidayOffsets: readonly number[]): WorkCalendar {
  return {
    workdays: new Set(workdays) as WorkCalendar['workdays'],
    holidays: new Set(holidayOffsets.map((n) => addDays(today, n))),
  };
}
const anyWorkdays = fc.subarray([...WEEKDAYS], { minLength: 1 });
const anyHolidays = fc.uniqueArray(fc.integer({ min: -10, max: 120 }), { maxLength: 40 });

const grammarToken = fc.constantFrom(
  ...'0123456789'.split(''),
  '.', '/', '-', '+', ' ', ',', '\n', '\t', 'd', 'w', 'm', 'wd', 'st',
  'jan', 'feb', 'sept', 'december', 'may', 'mon', 'thurs', 'friday', 'today', 'tomorrow',
  '2026', '2027', '9999', '0000', '29', '31', '999', '1000', 'constructor', '__proto__',
);
const grammarText = fc.array(grammarToken, { maxLength: 8 }).map((tokens) => tokens.join(''));
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  grammarText,
  grammarText,
  grammarText,
);

const anyContext = fc
  .record({
    today: anyToday,
    workdays: fc.oneof(anyWorkdays, fc.constant([])),
    holidays: anyHolidays,
    allowPast: fc.boolean(),
  })
  .map(({ today, workdays, holidays, allowPast }): DateInputContext => ({ today, calendar: calendarNear(today, workdays, holidays), allowPast }));

const ONE_LINE = /^[^\r\n\u0085\u2028\u2029]+$/;

describe('properties', () => {
  it('+Nwd lands on a working day with exactly N working days after today up to it', () => {
    fc.assert(
      fc.property(anyToday, anyWorkdays, anyHolidays, fc.integer({ min: 0, max: 60 }), (today, workdays, holidays, n) => {
        const calendar = calendarNear(today, workdays, holidays);
        const result = parseDateInput(`+${n}wd`, { today, calendar });
        if (!result.ok) return false;
        expect(result.relative).toBe(true);
        expect(result.notice).toBeUndefined();
        expect(isWorkday(result.date, calendar)).toBe(true);
        expect(result.date).toBe(addWorkdays(today, n, calendar));
        if (n === 0) {
          // +0wd: today when it is worked, else the next working day.
          expect(result.date).toBe(workdayOnOrAfter(today, calendar));
          expect(result.date === today).toBe(isWorkday(today, calendar));
        } else {
          let worked = 0;
          for (let day = addDays(today, 1); day <= result.date; day = addDays(day, 1)) if (isWorkday(day, calendar)) worked++;
          expect(worked).toBe(n);
        }
        return true;
      }),
    );
  });

  it('never throws: a valid day or a one-line message, for any text', () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const result = parseDateInput(text, context);
        if (result.ok) {
          expect(isValidDate(result.date)).toBe(true);
          expect(typeof result.relative).toBe('boolean');
          if (result.notice !== undefined) expect(result.notice).toMatch(ONE_LINE);
          if (result.warning !== undefined) expect(result.warning).toMatch(ONE_LINE);
        } else {
          expect(result.message).toMatch(ONE_LINE);
        }
      }),
      { numRuns: runs(2000) },
    );
  });

  it('never gives a day before today unless the past is allowed', () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const result = parseDateInput(text, context);
        if (result.ok && !context.allowPast) expect(daysBetween(context.today, result.date)).toBeGreaterThanOrEqual(0);
        if (result.ok && result.relative) expect(daysBetween(context.today, result.date)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: runs(1000) },
    );
  });

  it('gives relative days on working days, and warns about explicit days off', () => {
    fc.assert(
      fc.property(anyText, anyContext, (text, context) => {
        const result = parseDateInput(text, context);
        if (!result.ok || context.calendar.workdays.size === 0) return;
        const worked = isWorkday(result.date, context.calendar);
        if (result.relative) expect(worked).toBe(true);
        else expect(result.warning === undefined).toBe(worked);
      }),
      { numRuns: runs(1000) },
    );
    // The grammar rarely builds a relative form; these always are.
    const relativeText = fc.oneof(
      fc.constant('tomorrow'),
      fc.tuple(fc.constantFrom('', '+'), fc.integer({ min: 0, max: 999 }), fc.constantFrom('d', 'w', 'm', 'wd')).map(([plus, n, unit]) => `${plus}${n}${unit}`),
    );
    fc.assert(
      fc.property(relativeText, anyToday, anyWorkdays, anyHolidays, (text, today, workdays, holidays) => {
        const calendar = calendarNear(today, workdays, holidays);
        const result = parseDateInput(text, { today, calendar });
        expect(result.ok && result.relative && isWorkday(result.date, calendar)).toBe(true);
      }),
    );
  });

  it('reads YYYY-MM-DD and D.M.YYYY of any day from today on as that day', () => {
    fc.assert(
      fc.property(anyContext, fc.integer({ min: 0, max: 50_000 }), (context, ahead) => {
        const date = addDays(context.today, ahead);
        const iso = parseDateInput(date, context);
        expect(iso).toMatchObject({ ok: true, date, relative: false });
        const [y, m, d] = date.split('-').map(Number);
        expect(parseDateInput(`${d}.${m}.${y}`, context)).toEqual(iso);
      }),
    );
  });

  it('reads a year-less day as the same month and day, within a year from today', () => {
    const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
    fc.assert(
      fc.property(anyContext, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (context, month, day) => {
        const result = parseDateInput(`${day}.${month}`, context);
        if (!result.ok) return false;
        expect(Number(result.date.slice(5, 7))).toBe(month);
        expect(Number(result.date.slice(8, 10))).toBe(day);
        expect(daysBetween(context.today, result.date)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(context.today, result.date)).toBeLessThan(366);
        expect(parseDateInput(`${MONTHS[month - 1]} ${day}`, context)).toEqual(result);
        expect(parseDateInput(`${day} ${MONTHS[month - 1]}`, context)).toEqual(result);
        return true;
      }),
    );
  });

  it('reads a weekday name as that weekday, one to seven days after today', () => {
    fc.assert(
      fc.property(anyContext, fc.constantFrom(...WEEKDAYS), (context, weekday) => {
        const result = parseDateInput(weekday, context);
        if (!result.ok) return false;
        expect(weekdayOf(result.date)).toBe(weekday);
        const ahead = daysBetween(context.today, result.date);
        return ahead >= 1 && ahead <= 7;
      }),
    );
  });
});
