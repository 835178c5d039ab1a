// After the call (SPEC 6.4, 6.5): where the next date comes from, what the log entry says, and
// how the dossier is refiled. Pure: hand-built dossiers, fixed dates.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/dates.js';
import type { Dossier } from '../../src/core/model.js';
import { actionOf, defaultNext, nextWorkday, openComplaints, planLog, planReschedule } from '../../src/core/refile.js';
import { settingsFrom } from '../../src/core/settings.js';

const settings = settingsFrom({
  holidays: ['2026-12-24', '2026-12-25'],
  outcomes: { reached: {}, 'no-answer': { next: '+2wd' }, lost: { stage: 'lost', next: 'none' }, won: { stage: 'contract' }, complaint: { next: '+1wd' }, 'in-a-month': { next: '+1m' } },
});
const DAY = '2026-11-23'; // a Monday
const AT = '2026-11-23T10:15+01:00';

function dossier(fields: Partial<Dossier> = {}): Dossier {
  return { id: 'acme', file: 'clients/acme.yaml', name: 'Acme', priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'negotiation', ...fields };
}

describe('the next date when none is given', () => {
  it('comes from the outcome rule, moved to a working day', () => {
    expect(defaultNext(dossier(), settings, 'no-answer', DAY)).toEqual({ kind: 'date', date: '2026-11-25', source: 'outcome' });
    // Friday + 2 working days is Tuesday
    expect(defaultNext(dossier(), settings, 'no-answer', '2026-11-27')).toEqual({ kind: 'date', date: '2026-12-01', source: 'outcome' });
    // a month from 24 Nov lands on a holiday: the next working day
    expect(defaultNext(dossier(), settings, 'in-a-month', '2026-11-24')).toEqual({ kind: 'date', date: '2026-12-28', source: 'outcome' });
  });

  it('is none when the rule says so, else the cadence, else nothing (ask)', () => {
    expect(defaultNext(dossier(), settings, 'lost', DAY)).toEqual({ kind: 'none', source: 'outcome' });
    expect(defaultNext(dossier({ cadence: parsePeriod('2w')! }), settings, 'reached', DAY)).toEqual({ kind: 'date', date: '2026-12-07', source: 'cadence' });
    expect(defaultNext(dossier(), settings, 'reached', DAY)).toBeUndefined();
  });
});

describe('planLog', () => {
  it('appends an entry and refiles under the new date, with the planned action', () => {
    const plan = planLog(dossier({ next: { date: DAY, action: 'visit', note: 'old note', time: '09:00' } }), settings, DAY, {
      at: AT,
      by: 'bob',
      outcome: 'reached',
      summary: 'Wants 5% off',
      next: { kind: 'date', date: '2026-12-02', source: 'given' },
      note: 'Send the offer',
    });
    expect(plan.entry).toEqual({ at: AT, by: 'bob', action: 'visit', outcome: 'reached', summary: 'Wants 5% off', next: '2026-12-02' });
    // the old time and note went with the call just made
    expect(plan.next).toEqual({ date: '2026-12-02', action: 'visit', note: 'Send the offer' });
    expect(plan.stage).toBeUndefined();
  });

  it('removes the next contact for "none" and applies the outcome\'s stage', () => {
    const plan = planLog(dossier({ next: { date: DAY } }), settings, DAY, { at: AT, by: 'alice', outcome: 'lost', next: { kind: 'none', source: 'outcome' } });
    expect(plan.next).toBeNull();
    expect(plan.entry.next).toBe('none');
    expect(plan.stage).toBe('lost');
    // no stage change when the client is already there
    expect(planLog(dossier({ stage: 'contract' }), settings, DAY, { at: AT, by: 'alice', outcome: 'won', next: { kind: 'none', source: 'given' } }).stage).toBeUndefined();
  });

  it('leaves the filing alone for a note, and opens a complaint due the next working day', () => {
    const note = planLog(dossier({ next: { date: DAY } }), settings, DAY, { at: AT, by: 'alice', outcome: 'note', next: { kind: 'keep' } });
    expect(note.next).toBeUndefined();
    expect(note.entry).not.toHaveProperty('next');
    const complaint = planLog(dossier(), settings, '2026-12-23', { at: AT, by: 'alice', outcome: 'complaint', summary: 'Damaged pallets', next: { kind: 'date', date: '2026-12-28', source: 'outcome' } });
    expect(complaint.complaint).toEqual({ opened: '2026-12-23', summary: 'Damaged pallets', due: '2026-12-28' });
  });

  it('takes the action given, else the planned one, else the book\'s first', () => {
    expect(actionOf(dossier({ next: { date: DAY, action: 'visit' } }), settings, 'email')).toBe('email');
    expect(actionOf(dossier({ next: { date: DAY, action: 'visit' } }), settings)).toBe('visit');
    expect(actionOf(dossier(), settings)).toBe('call');
  });
});

describe('reschedule and snooze', () => {
  it('moves only the date and says from where to where', () => {
    const plan = planReschedule(dossier({ next: { date: DAY, time: '10:00', action: 'call' } }), settings, { at: AT, by: 'alice', to: '2026-11-26', reason: 'trade fair' });
    expect(plan.entry).toEqual({ at: AT, by: 'alice', outcome: 'rescheduled', from: DAY, to: '2026-11-26', reason: 'trade fair' });
    expect(plan.next).toEqual({ date: '2026-11-26', time: '10:00', action: 'call' });
  });

  it('moves a cadence reminder from the day it was due', () => {
    const kept = dossier({ cadence: parsePeriod('2w')!, log: [{ at: '2026-11-02T10:00+01:00', outcome: 'reached' }] });
    expect(planReschedule(kept, settings, { at: AT, by: 'alice', to: '2026-11-30' }).entry.from).toBe('2026-11-16');
  });

  it('snoozes to the next working day', () => {
    expect(nextWorkday('2026-11-27', settings)).toBe('2026-11-30');
    expect(nextWorkday('2026-12-23', settings)).toBe('2026-12-28');
  });
});

it('lists the open complaints with their places', () => {
  const d = dossier({ complaints: [{ opened: '2026-11-01', summary: 'a', resolved: '2026-11-02' }, { opened: '2026-11-10', summary: 'b' }] });
  expect(openComplaints(d)).toEqual([{ index: 1, complaint: { opened: '2026-11-10', summary: 'b' } }]);
});
