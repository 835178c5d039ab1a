// The report's figures (SPEC 6.12) on hand-built books, and its charts' characters.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/dates.js';
import type { Dossier, LogEntry } from '../../src/core/model.js';
import { buildReport, lastFullWeek } from '../../src/core/report.js';
import { settingsFrom } from '../../src/core/settings.js';
import { bar, series, sparkline } from '../../src/render/text/report.js';

const settings = settingsFrom({ team: { alice: {}, bob: {} } });
const TODAY = '2026-11-23'; // a Monday
const WEEK = { from: '2026-11-16', to: '2026-11-22', today: TODAY, by: 'owner' as const };

let counter = 0;
function dossier(fields: Partial<Dossier> = {}): Dossier {
  const id = fields.id ?? `c${++counter}`;
  return { id, file: `clients/${id}.yaml`, name: id, priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'negotiation', next: { date: '2026-12-01' }, ...fields };
}
const entry = (day: string, outcome: string, by = 'alice', more: Partial<LogEntry> = {}): LogEntry => ({ at: `${day}T10:00+01:00`, by, outcome, ...more });

describe('lastFullWeek', () => {
  it('is Monday to Sunday of the week before', () => {
    expect(lastFullWeek('2026-11-23')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(lastFullWeek('2026-11-29')).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    expect(lastFullWeek('2027-01-01')).toEqual({ from: '2026-12-21', to: '2026-12-27' });
  });
});

describe('contacts', () => {
  const book = [
    dossier({ id: 'a', log: [entry('2026-11-15', 'reached'), entry('2026-11-16', 'reached'), entry('2026-11-16', 'no-answer', 'bob'), entry('2026-11-17', 'rescheduled')] }),
    dossier({ id: 'b', owner: 'bob', log: [entry('2026-11-20', 'handover'), entry('2026-11-20', 'note'), entry('2026-11-21', 'reached', 'bob', { action: 'note' }), entry('2026-11-22', 'won', 'bob'), entry('2026-11-23', 'reached', 'bob')] }),
    dossier({ id: 'c', stage: 'lead', log: [] }),
  ];
  const report = buildReport(book, settings, WEEK);

  it('counts only real contacts inside the period, by person, outcome, day and stage', () => {
    expect(report.contacts.total).toBe(3);
    expect(report.contacts.byOwner).toEqual({ alice: 1, bob: 2 });
    expect(report.contacts.byOutcome).toEqual({ reached: 1, 'no-answer': 1, won: 1 });
    expect(report.contacts.byDay).toEqual({ '2026-11-16': 2, '2026-11-17': 0, '2026-11-18': 0, '2026-11-19': 0, '2026-11-20': 0, '2026-11-21': 0, '2026-11-22': 1 });
    expect(report.contacts.byStage).toEqual({ negotiation: 3 });
    expect(report.contacts.clients).toBe(2);
    expect(report.contacts.grouped).toEqual([{ key: 'bob', count: 2 }, { key: 'alice', count: 1 }]);
  });

  it('--owner: the clients the member has today (a cover that ended is the owner\'s again; a running one the cover\'s)', () => {
    const book2 = [
      dossier({ id: 'ended', owner: 'alice', cover: { by: 'bob', until: '2026-11-20' }, next: { date: '2026-11-18' } }),
      dossier({ id: 'running', owner: 'alice', cover: { by: 'bob', until: '2026-11-30' }, next: { date: '2026-11-18' } }),
    ];
    expect(buildReport(book2, settings, { ...WEEK, owner: 'bob' }).overdue.oldest.map((n) => n.client)).toEqual(['running']);
    expect(buildReport(book2, settings, { ...WEEK, owner: 'alice' }).overdue.oldest.map((n) => n.client)).toEqual(['ended']);
  });

  it('--owner counts that member\'s contacts and clients', () => {
    const bob = buildReport(book, settings, { ...WEEK, owner: 'bob' });
    expect(bob.contacts.total).toBe(2);
    expect(bob.contacts.byOwner).toEqual({ bob: 2 });
    expect(bob.funnel.now).toEqual([{ key: 'negotiation', count: 1 }]);
  });

  it('moves into a stage come from outcomes whose rule sets one (won → contract)', () => {
    expect(report.funnel.movements).toEqual([{ key: 'contract', count: 1 }]);
  });

  it('groups by day in date order, and by stage or outcome largest first', () => {
    expect(buildReport(book, settings, { ...WEEK, by: 'day' }).contacts.grouped.map((g) => g.key)).toEqual(Object.keys(report.contacts.byDay));
    expect(buildReport(book, settings, { ...WEEK, by: 'outcome' }).contacts.grouped).toEqual([{ key: 'no-answer', count: 1 }, { key: 'reached', count: 1 }, { key: 'won', count: 1 }]);
  });
});

describe('the state of the book today', () => {
  it('funnel of active clients per stage in the order of stages; closed ones left out', () => {
    const report = buildReport([dossier({ stage: 'negotiation' }), dossier({ stage: 'lead' }), dossier({ stage: 'lead' }), dossier({ stage: 'lost', next: undefined })], settings, WEEK);
    expect(report.funnel.now).toEqual([{ key: 'lead', count: 2 }, { key: 'negotiation', count: 1 }]);
  });

  it('overdue items with their age in buckets, the oldest; dropped balls', () => {
    const report = buildReport(
      [dossier({ next: { date: '2026-11-22' } }), dossier({ next: { date: '2026-11-18' } }), dossier({ next: { date: '2026-10-01' } }), dossier({ next: { date: TODAY } }), dossier({ next: undefined })],
      settings,
      WEEK,
    );
    expect(report.overdue).toMatchObject({ count: 3, oldestDays: 53, byAge: [{ key: '1-2 days', count: 1 }, { key: '3-7 days', count: 1 }, { key: '8-30 days', count: 0 }, { key: 'over 30 days', count: 1 }] });
    expect(report.overdue.oldest.map((n) => n.days)).toEqual([53, 5, 1]);
    expect(report.unscheduled).toBe(1);
    expect(report.droppedBalls).toHaveLength(1);
  });

  it('cadence kept: the share of clients on a cadence whose last contact plus cadence has not run out', () => {
    const twoWeeks = parsePeriod('2w')!;
    const report = buildReport(
      [
        dossier({ cadence: twoWeeks, log: [entry('2026-11-16', 'reached')] }),
        dossier({ cadence: twoWeeks, log: [entry('2026-10-01', 'reached'), entry('2026-11-20', 'rescheduled')] }),
        dossier({ cadence: twoWeeks, log: [] }),
        dossier({ cadence: twoWeeks, stage: 'lost', log: [] }),
        dossier({ log: [] }),
      ],
      settings,
      WEEK,
    );
    expect(report.cadence).toEqual({ clients: 3, kept: 1, share: 1 / 3 });
  });

  it('complaints opened in the period, answered on time or late, and open today', () => {
    const report = buildReport(
      [
        dossier({
          complaints: [
            { opened: '2026-11-16', summary: 'on time', due: '2026-11-18', resolved: '2026-11-18' },
            { opened: '2026-11-17', summary: 'late', due: '2026-11-18', resolved: '2026-11-20' },
            { opened: '2026-11-19', summary: 'open, past due', due: '2026-11-20' },
            { opened: '2026-11-10', summary: 'older, open', due: '2026-11-30' },
            { opened: '2026-11-10', summary: 'older, closed', resolved: '2026-11-12' },
            { opened: '2026-11-20', summary: 'no due date', resolved: '2026-11-21' },
          ],
        }),
      ],
      settings,
      WEEK,
    );
    // Answered in the period: 'on time', 'no due date' and 'older, closed' is not (the 12th); 'late'.
    expect(report.complaints).toEqual({ opened: 4, onTime: 2, late: 1, open: 2, openOverdue: 1 });
    // An older complaint answered in the period counts as answered; one answered after it does not.
    const older = buildReport([dossier({ complaints: [{ opened: '2026-11-02', summary: 'old', due: '2026-11-20', resolved: '2026-11-18' }, { opened: '2026-11-16', summary: 'next week', due: '2026-11-30', resolved: '2026-11-23' }] })], settings, WEEK);
    expect(older.complaints).toEqual({ opened: 1, onTime: 1, late: 0, open: 0, openOverdue: 0 });
  });
});

describe('charts in characters', () => {
  it('bars to the eighth of a cell, a sliver for any value, nothing for none', () => {
    expect(bar(10, 10, 5)).toBe('█████');
    expect(bar(5, 10, 5)).toBe('██▌');
    expect(bar(1, 1000, 5)).toBe('▏');
    expect(bar(0, 10, 5)).toBe('');
  });
  it('sparklines, one character a value, a dot for none', () => {
    expect(sparkline([0, 1, 4, 8])).toBe('·▁▄█');
    expect(sparkline([0, 0])).toBe('··');
  });
  it('weeks instead of days when the days do not fit', () => {
    const byDay = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`2026-11-${String(i + 1).padStart(2, '0')}`, 1]));
    expect(series(byDay, 20)).toMatchObject({ unit: 'day', values: Array(14).fill(1) });
    expect(series(byDay, 10)).toEqual({ unit: 'week', starts: ['2026-11-01', '2026-11-08'], values: [7, 7] });
  });
});
