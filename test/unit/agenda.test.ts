import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agenda, filingOf, today } from '../../src/core/agenda.js';
import type { Dossier } from '../../src/core/model.js';
import { settingsFrom } from '../../src/core/settings.js';
import { parsePeriod } from '../../src/core/dates.js';

const settings = settingsFrom({
  capacity: 3,
  team: { alice: { capacity: 2 }, bob: {} },
  holidays: ['2026-12-24'],
});

let counter = 0;
function dossier(fields: Partial<Dossier> & { name: string }): Dossier {
  const id = fields.id ?? `client-${++counter}`;
  return { id, file: `clients/${id}.yaml`, priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'negotiation', ...fields };
}

const DAY = '2026-11-23'; // a Monday

describe('today: the order of SPEC 6.1, key by key', () => {
  it('most overdue first, then timed by time, then priority, then name (locale-aware)', () => {
    const book = [
      dossier({ name: 'Zeta', next: { date: DAY } }),
      dossier({ name: 'Łódź Trade', next: { date: DAY } }),
      dossier({ name: 'Lodz Metal', next: { date: DAY } }),
      dossier({ name: 'Ärzte', next: { date: DAY }, priority: 'high' }),
      dossier({ name: 'Atlas', next: { date: DAY }, priority: 'high' }),
      dossier({ name: 'Low timed', next: { date: DAY, time: '09:00' }, priority: 'low' }),
      dossier({ name: 'High timed', next: { date: DAY, time: '14:00' }, priority: 'high' }),
      dossier({ name: 'Old', next: { date: '2026-11-13' }, priority: 'low' }),
      dossier({ name: 'Three untimed high', next: { date: '2026-11-20' }, priority: 'high' }),
      dossier({ name: 'Three timed low', next: { date: '2026-11-20', time: '15:00' }, priority: 'low' }),
      dossier({ name: 'Future', next: { date: '2026-11-24' } }),
    ];
    const names = today(book, settings, DAY, {}).items.map((i) => i.name);
    expect(names).toEqual(['Old', 'Three timed low', 'Three untimed high', 'Low timed', 'High timed', 'Ärzte', 'Atlas', 'Lodz Metal', 'Łódź Trade', 'Zeta']);
  });

  it('counts overdue days in calendar days', () => {
    const [item] = today([dossier({ name: 'A', next: { date: '2026-11-20' } })], settings, DAY, {}).items;
    expect(item).toMatchObject({ due: '2026-11-20', overdueDays: 3, reason: 'scheduled' });
  });
});

describe('cadence', () => {
  const kept = (at: string, extra: Partial<Dossier> = {}) =>
    dossier({ name: 'Kept', cadence: parsePeriod('2w')!, log: [{ at, outcome: 'reached' }], ...extra });

  it('is due on the last contact plus the cadence, moved to the next working day', () => {
    // 2026-10-31 + 2 weeks = Saturday 2026-11-14 -> Monday 2026-11-16
    expect(filingOf(kept('2026-10-31T12:30+01:00'), settings)).toEqual({ due: '2026-11-16', reason: 'cadence' });
    const [item] = today([kept('2026-10-31T12:30+01:00')], settings, DAY, {}).items;
    expect(item).toMatchObject({ reason: 'cadence', overdueDays: 7, time: null });
  });

  it('ignores reschedules and handovers, which are not contacts', () => {
    const d = kept('2026-10-31T12:30+01:00');
    d.log.push({ at: '2026-11-12T09:00+01:00', outcome: 'handover' }, { at: '2026-11-13T09:00+01:00', outcome: 'rescheduled' });
    expect(filingOf(d, settings)?.due).toBe('2026-11-16');
  });

  it('does not apply when a next contact is planned, or the client is closed', () => {
    expect(filingOf(kept('2026-10-01T10:00+02:00', { next: { date: '2026-12-01' } }), settings)).toEqual({ due: '2026-12-01', reason: 'scheduled' });
    expect(filingOf(kept('2026-10-01T10:00+02:00', { stage: 'lost' }), settings)).toBeUndefined();
  });

  it('keeps a cadence client out of the dropped balls once it has a contact to count from', () => {
    const day = today([kept('2026-11-20T10:00+01:00'), dossier({ name: 'Never called', cadence: parsePeriod('1w')! })], settings, DAY, {});
    expect(day.items).toHaveLength(0);
    expect(day.unscheduled.map((u) => u.name)).toEqual(['Never called']);
  });
});

describe('covers', () => {
  const covered = dossier({ name: 'Covered', next: { date: DAY }, cover: { by: 'bob', until: DAY } });
  const expired = dossier({ name: 'Expired', next: { date: DAY }, cover: { by: 'bob', until: '2026-11-20' } });

  it("puts a covered client on the coverer's day, through the last day of the cover", () => {
    expect(today([covered, expired], settings, DAY, { owner: 'bob' }).items.map((i) => i.name)).toEqual(['Covered']);
    expect(today([covered, expired], settings, DAY, { owner: 'alice' }).items.map((i) => i.name)).toEqual(['Expired']);
    expect(today([covered], settings, DAY, {}).items[0]).toMatchObject({ owner: 'alice', coveredBy: 'bob' });
  });

  it('returns the client to its owner after the cover', () => {
    const days = agenda([dossier({ name: 'Later', next: { date: '2026-11-24' }, cover: { by: 'bob', until: DAY } })], settings, DAY, [DAY, '2026-11-24'], { owner: 'alice' });
    expect(days.map((d) => d.count)).toEqual([0, 1]);
  });
});

describe('complaints, birthdays, dropped balls and capacity', () => {
  it('lists open complaints due today or earlier, most overdue first', () => {
    const d = dossier({
      name: 'C',
      next: { date: '2026-12-01' },
      complaints: [
        { opened: '2026-11-10', summary: 'late', due: DAY },
        { opened: '2026-11-10', summary: 'older', due: '2026-11-19' },
        { opened: '2026-11-10', summary: 'future', due: '2026-11-25' },
        { opened: '2026-11-10', summary: 'resolved', due: '2026-11-18', resolved: '2026-11-19' },
      ],
    });
    expect(today([d], settings, DAY, {}).complaints.map((c) => [c.summary, c.overdueDays])).toEqual([['older', 4], ['late', 0]]);
  });

  it('finds birthdays with and without a year', () => {
    const d = dossier({ name: 'B', next: { date: '2026-12-01' }, contacts: [{ name: 'Jan', birthday: '--11-23' }, { name: 'Ewa', birthday: '1980-11-23' }, { name: 'Tom', birthday: '1980-11-24' }] });
    expect(today([d], settings, DAY, {}).birthdays.map((b) => [b.contact, b.age])).toEqual([['Ewa', 46], ['Jan', null]]);
  });

  it('reports an active client without a next contact, not a closed one', () => {
    const day = today([dossier({ name: 'Dropped' }), dossier({ name: 'Lost', stage: 'lost' })], settings, DAY, {});
    expect(day.unscheduled.map((u) => u.name)).toEqual(['Dropped']);
  });

  it('flags a member above their capacity, not one at it', () => {
    const book = [1, 2, 3].map((n) => dossier({ name: `A${n}`, next: { date: DAY } })).concat([1, 2, 3].map((n) => dossier({ name: `B${n}`, owner: 'bob', next: { date: DAY } })));
    expect(today(book, settings, DAY, {}).overloaded).toEqual([{ owner: 'alice', count: 3, capacity: 2 }]);
  });

  it('marks days off and holidays in the agenda', () => {
    const days = agenda([], settings, '2026-12-23', ['2026-12-23', '2026-12-24', '2026-12-26'], {});
    expect(days.map((d) => [d.workday, d.holiday])).toEqual([[true, false], [false, true], [false, false]]);
  });
});
