import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../fuzz.js';
import {
  addDays,
  addMonths,
  addPeriod,
  addWorkdays,
  birthdayMonthDay,
  daysBetween,
  formatDayLong,
  isBirthdayOn,
  isValidDate,
  isWorkday,
  parsePeriod,
  timestampIn,
  todayIn,
  weekdayOf,
  workdayOnOrAfter,
  type WorkCalendar,
} from '../../src/core/dates.js';

const weekdays: WorkCalendar = { workdays: new Set(['mon', 'tue', 'wed', 'thu', 'fri']), holidays: new Set(['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01']) };

describe('calendar dates', () => {
  it('accepts real dates only', () => {
    expect(isValidDate('2026-11-23')).toBe(true);
    expect(isValidDate('2026-02-30')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('26-11-23')).toBe(false);
  });

  it('adds days and months like a person', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-11-20', '2026-11-23')).toBe(3);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(weekdayOf('2026-11-23')).toBe('mon');
    expect(formatDayLong('2026-11-23')).toBe('Mon 23 Nov 2026');
  });

  it('is not fooled by clock changes (Europe/Warsaw leaves summer time on 2026-10-25)', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('knows working days and holidays', () => {
    expect(isWorkday('2026-11-28', weekdays)).toBe(false);
    expect(isWorkday('2026-12-24', weekdays)).toBe(false);
    expect(workdayOnOrAfter('2026-11-28', weekdays)).toBe('2026-11-30');
    expect(workdayOnOrAfter('2026-12-24', weekdays)).toBe('2026-12-28');
    expect(addWorkdays('2026-11-27', 1, weekdays)).toBe('2026-11-30');
    expect(addWorkdays('2026-12-23', 2, weekdays)).toBe('2026-12-29');
  });

  it('+N working days lands on a working day, exactly N working days later (property)', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const end = addWorkdays(start, n, weekdays);
        if (!isWorkday(end, weekdays)) return false;
        let counted = 0;
        for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) if (isWorkday(d, weekdays)) counted++;
        return counted === n;
      }),
    );
  });

  it('reads periods', () => {
    expect(parsePeriod('2w')).toEqual({ count: 2, unit: 'w' });
    expect(parsePeriod('+2wd')).toEqual({ count: 2, unit: 'wd' });
    expect(parsePeriod('0d')).toBeUndefined();
    expect(parsePeriod('2x')).toBeUndefined();
    expect(addPeriod('2026-10-31', { count: 2, unit: 'w' }, weekdays)).toBe('2026-11-14');
  });

  it('computes today in a time zone', () => {
    const lateEvening = new Date('2026-11-22T23:30:00Z');
    expect(todayIn('Europe/Warsaw', lateEvening)).toBe('2026-11-23');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-11-22');
    expect(() => todayIn('Mars/Olympus_Mons', lateEvening)).toThrow(RangeError);
    // Intl accepts any case; TZ would not (it would be UTC)
    expect(todayIn('europe/warsaw', lateEvening)).toBe('2026-11-23');
  });

  it('reads the wall clock of a zone as ICU does, and leaves TZ as it was', () => {
    // On node's main thread (vitest forks) the clock is read by switching TZ, so this compares the
    // two ways; the offset shows that the switch really happened.
    expect(timestampIn('Etc/GMT-14', new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23T14:00+14:00');
    const before = process.env.TZ;
    const zones = ['Europe/Warsaw', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'US/Eastern', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2060, 0, 1) }), (zone, ms) => {
        const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
        const get = (type: string) => parts.find((p) => p.type === type)!.value;
        return todayIn(zone, new Date(ms)) === `${get('year')}-${get('month')}-${get('day')}`;
      }),
      { numRuns: runs(2000) },
    );
    expect(process.env.TZ).toBe(before);
  });

  it('keeps 29 February birthdays on 28 February in other years', () => {
    const leap = birthdayMonthDay('1992-02-29')!;
    expect(isBirthdayOn(leap, '2027-02-28')).toBe(true);
    expect(isBirthdayOn(leap, '2028-02-28')).toBe(false);
    expect(isBirthdayOn(leap, '2028-02-29')).toBe(true);
    expect(birthdayMonthDay('--11-23')).toEqual({ month: 11, day: 23 });
    expect(birthdayMonthDay('--02-30')).toBeUndefined();
  });

  it('counts days by arithmetic exactly as Date does, for every year a date can be written with', () => {
    // the reference: the Date-based computation the arithmetic replaced
    const reference = (text: string): number | undefined => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      if (!m) return undefined;
      const date = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
      date.setUTCFullYear(Number(m[1]));
      const back = date.toISOString().slice(-24, -14);
      return date.getUTCMonth() + 1 === Number(m[2]) && date.getUTCDate() === Number(m[3]) && back.endsWith(`${m[2]}-${m[3]}`) ? date.getTime() / 86_400_000 : undefined;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const written = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(fc.property(written, (text) => isValidDate(text) === (reference(text) !== undefined)), { numRuns: runs(20_000) });
    for (const text of ['2026-1-23', '2026-11-2a', '+026-11-23', '2026/11/23', '２０２６-11-23', '2026-11-23 ', '']) expect(isValidDate(text), text).toBe(false);
    expect(isValidDate('0000-02-29')).toBe(true);
    expect(isValidDate('1900-02-29')).toBe(false);
  });

  it('reads birthdays by hand exactly as the pattern YYYY-MM-DD or --MM-DD does', () => {
    const reference = (text: string) => {
      const m = /^(\d{4}|-)-(\d{2})-(\d{2})$/.exec(text);
      if (!m) return undefined;
      const month = Number(m[2]);
      const day = Number(m[3]);
      const year = m[1] === '-' ? undefined : Number(m[1]);
      if (month < 1 || month > 12 || day < 1 || day > (month === 2 ? ((year ?? 2000) % 4 === 0 && ((year ?? 2000) % 100 !== 0 || (year ?? 2000) % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31)) return undefined;
      return year === undefined ? { month, day } : { year, month, day };
    };
    const text = fc.array(fc.constantFrom('-', '0', '1', '2', '9', '3', 'x', ' '), { maxLength: 11 }).map((c) => c.join(''));
    fc.assert(fc.property(text, (t) => {
      expect(birthdayMonthDay(t)).toEqual(reference(t));
    }), { numRuns: runs(20_000) });
    const shaped = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')), fc.constant('-')), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(shaped, (t) => {
      expect(birthdayMonthDay(t)).toEqual(reference(t));
    }), { numRuns: runs(20_000) });
    for (const t of ['1970-01-05', '--02-29', '--02-30', '1990-02-29', '2000-02-29', '1970-1-05', '-02-29', '---02-29']) expect(birthdayMonthDay(t), t).toEqual(reference(t));
  });
});
