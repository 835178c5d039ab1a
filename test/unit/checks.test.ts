// The checks of meaning (SPEC 6.11) on hand-built dossiers and settings, each finding at its path;
// and the facts a dossier is filed by, which decide whether a day view reads it at all.
import { describe, expect, it } from 'vitest';
import { factsOf, mayAppear, today, type Facts } from '../../src/core/agenda.js';
import { contactKeys, dayFindings, dossierFindings, duplicateFindings, settingsFindings } from '../../src/core/checks.js';
import { parsePeriod } from '../../src/core/dates.js';
import type { Dossier } from '../../src/core/model.js';
import { settingsFrom } from '../../src/core/settings.js';

const settings = settingsFrom({ team: { alice: {}, bob: {} }, forms: {}, outcomes: { reached: {}, 'no-answer': { next: '+2wd' } } });

function dossier(fields: Partial<Dossier> = {}): Dossier {
  return { id: 'acme', file: 'clients/acme.yaml', name: 'Acme', priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'negotiation', next: { date: '2026-11-24' }, ...fields };
}

const rules = (d: Dossier, date?: string) => dossierFindings(d, settings, date).map((f) => `${f.rule} ${f.path.join('.')}`);

describe('dossierFindings', () => {
  it('finds nothing in a sound dossier', () => {
    expect(rules(dossier({ log: [{ at: '2026-11-20T10:00+01:00', by: 'alice', action: 'call', outcome: 'reached' }] }))).toEqual([]);
  });

  it('names unknown members, stages, actions and outcomes, with a "did you mean"', () => {
    const findings = dossierFindings(
      dossier({ owner: 'alcie', stage: 'negotation', next: { date: '2026-11-24', action: 'cal' }, cover: { by: 'carol', until: '2026-12-01' }, log: [{ at: '2026-11-20T10:00+01:00', by: 'bob', action: 'call', outcome: 'reachd' }] }),
      settings,
      undefined,
    );
    expect(findings.map((f) => `${f.rule} ${f.path.join('.')}`)).toEqual(['unknown-member owner', 'unknown-stage stage', 'unknown-action next.action', 'unknown-member cover.by', 'unknown-outcome log.0.outcome']);
    expect(findings[0]!.hint).toContain('did you mean "alice"?');
    expect(findings[4]!.hint).toContain('did you mean "reached"?');
  });

  it('finds impossible dates wherever they are written', () => {
    const d = dossier({ next: { date: '2026-02-30' }, contacts: [{ name: 'Jan', birthday: '--02-30' }, { name: 'Ola', birthday: '1990-13-01' }], complaints: [{ opened: '2026-11-31', summary: 'x' }] });
    expect(rules(d)).toEqual(['impossible-date contacts.0.birthday', 'impossible-date contacts.1.birthday', 'impossible-date next.date', 'impossible-date complaints.0.opened']);
  });

  it('finds a log out of time order, offsets considered', () => {
    const log = [
      { at: '2026-11-20T10:00+01:00', outcome: 'reached' },
      // 09:30 in UTC is 10:30 in Warsaw: later, in order
      { at: '2026-11-20T09:30Z', outcome: 'reached' },
      { at: '2026-11-20T10:15+01:00', outcome: 'reached' },
    ];
    expect(rules(dossier({ log }))).toEqual(['log-order log.2.at']);
  });

  it('warns about a dropped ball, and about a cover that ended only given the date', () => {
    expect(rules(dossier({ next: undefined }))).toEqual(['no-next ']);
    expect(rules(dossier({ next: undefined, stage: 'lost' }))).toEqual([]);
    const covered = dossier({ cover: { by: 'bob', until: '2026-11-30' } });
    expect(rules(covered, '2026-11-30')).toEqual([]);
    expect(rules(covered, '2026-12-01')).toEqual(['expired-cover cover.until']);
    expect(dayFindings(covered, '2026-12-01')[0]!.message).toBe('the cover by bob ended on 2026-11-30');
  });
});

describe('settingsFindings', () => {
  it('finds an unknown time zone, locale, stage or form and impossible holidays', () => {
    const raw = { timezone: 'Europe/Warsw', locale: 'not a locale!', 'closed-stages': ['gone'], holidays: ['2026-02-30'], outcomes: { won: { stage: 'signed', form: 'visit' } } };
    const rules = settingsFindings(settingsFrom(raw), raw).map((f) => `${f.rule} ${f.path.join('.')}`);
    expect(rules).toEqual(['unknown-timezone timezone', 'unknown-locale locale', 'unknown-stage closed-stages.0', 'unknown-stage outcomes.won.stage', 'unknown-form outcomes.won.form', 'impossible-date holidays.0']);
  });
});

describe('likely duplicates', () => {
  it('are dossiers sharing a phone (by its digits) or an e-mail (any case)', () => {
    expect(contactKeys({ phone: '+48 600-100-200', email: ' Jan@Example.COM ' })).toEqual(['phone:+48600100200', 'email:jan@example.com']);
    expect(contactKeys({ phone: '112' })).toEqual([]); // too short to tell clients apart
    const a = dossier({ id: 'a', file: 'clients/a.yaml', contacts: [{ name: 'Jan', phone: '+48 600 100 200' }] });
    const b = dossier({ id: 'b', file: 'clients/b.yaml', contacts: [{ name: 'Ola' }, { name: 'Jan K.', phone: '+48600100200' }] });
    const c = dossier({ id: 'c', file: 'clients/c.yaml', contacts: [{ name: 'Jan', email: 'other@example.com' }] });
    const found = duplicateFindings([a, b, c]);
    expect(found.map(({ dossier, finding }) => `${dossier.id} ${finding.path.join('.')}`)).toEqual(['b contacts.1.phone']);
    expect(found[0]!.finding.message).toContain('same phone as clients/a.yaml (Acme)');
  });
});

describe('the facts a day view reads a dossier by', () => {
  const DAY = '2026-11-23';
  const facts = (fields: Partial<Dossier>) => factsOf(dossier(fields), settings);

  it('are worked out from the dossier and the settings', () => {
    expect(facts({ cover: { by: 'bob', until: '2026-11-30' }, contacts: [{ name: 'Jan', birthday: '1970-02-29', phone: '+48 600 100 200' }], complaints: [{ opened: '2026-11-01', summary: 'x', due: '2026-11-25' }, { opened: '2026-11-01', summary: 'y', due: '2026-11-20', resolved: '2026-11-21' }] })).toEqual<Facts>({
      due: '2026-11-24',
      complaintDue: '2026-11-25',
      birthdays: [],
      dropped: false,
      owner: 'alice',
      coverBy: 'bob',
      coverUntil: '2026-11-30',
      keys: ['phone:+48600100200'],
      lastAt: null,
    });
    expect(facts({ next: undefined, cadence: parsePeriod('1w')!, log: [{ at: '2026-11-13T10:00+01:00', outcome: 'reached' }] }).due).toBe('2026-11-20');
    expect(facts({ next: undefined }).dropped).toBe(true);
  });

  it('pick every dossier the day shows, and spare most of the others (property of the fixture-like set)', () => {
    const book = [
      dossier({ id: 'due', next: { date: DAY } }),
      dossier({ id: 'overdue', next: { date: '2026-11-02' } }),
      dossier({ id: 'later', next: { date: '2026-12-01' } }),
      dossier({ id: 'complaint', next: { date: '2026-12-01' }, complaints: [{ opened: '2026-11-01', summary: 'x', due: '2026-11-23' }] }),
      dossier({ id: 'birthday', next: { date: '2026-12-01' }, contacts: [{ name: 'Jan', birthday: '--11-23' }] }),
      dossier({ id: 'leap', next: { date: '2026-12-01' }, contacts: [{ name: 'Ola', birthday: '1992-02-29' }] }),
      dossier({ id: 'dropped', next: undefined }),
      dossier({ id: 'bobs', owner: 'bob', next: { date: DAY } }),
      dossier({ id: 'covered', owner: 'bob', next: { date: DAY }, cover: { by: 'alice', until: '2026-11-30' } }),
    ];
    const shown = (date: string, owner?: string) => {
      const pick = mayAppear({ from: date, until: date, ...(owner ? { owner } : {}) });
      return book.filter((d) => pick(factsOf(d, settings))).map((d) => d.id);
    };
    expect(shown(DAY)).toEqual(['due', 'overdue', 'complaint', 'birthday', 'dropped', 'bobs', 'covered']);
    expect(shown(DAY, 'alice')).toEqual(['due', 'overdue', 'complaint', 'birthday', 'dropped', 'covered']);
    expect(shown('2027-02-28')).toContain('leap');
    // what the day shows is always among what was picked
    for (const owner of [undefined, 'alice', 'bob']) {
      const picked = new Set(shown(DAY, owner));
      const day = today(book, settings, DAY, owner ? { owner } : {});
      for (const item of [...day.items, ...day.complaints, ...day.birthdays, ...day.unscheduled]) expect(picked.has(item.client), `${owner}: ${item.client}`).toBe(true);
    }
  });
});
