// The feed's text rules: folding at 75 octets without splitting a character, TEXT escaping, and
// wall-clock times in the book's zone as UTC instants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOf } from '../../src/core/dates.js';
import { calendarEvents } from '../../src/core/calendar.js';
import type { Dossier } from '../../src/core/model.js';
import { settingsFrom } from '../../src/core/settings.js';
import { folded, icsText, renderIcs } from '../../src/render/ics.js';
import { runs } from '../fuzz.js';

describe('folded', () => {
  it('keeps short lines, folds long ones at 75 octets, and unfolds to the same text', () => {
    expect(folded('SUMMARY:short')).toBe('SUMMARY:short');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ż', '✓', '😀', ' ', ',') , maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${text}`;
        const out = folded(line);
        const lines = out.split('\r\n');
        for (const [i, l] of lines.entries()) {
          if (Buffer.byteLength(l) > 75) return false;
          if (i > 0 && !l.startsWith(' ')) return false;
          if (l.includes('\ufffd')) return false;
        }
        return out.replace(/\r\n /g, '') === line;
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('icsText', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(icsText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
  it('lets no control character through', () => {
    expect(icsText('x\u0000y\u001bz\u202e')).toBe('x\ufffdy\ufffdz\ufffd');
  });
});

describe('birthdays', () => {
  it('repeat yearly; a 29 February one on the last day of February, so common years have it too', () => {
    const settings = settingsFrom({});
    const dossier = (birthday: string): Dossier => ({ id: 'x', file: 'clients/x.yaml', name: 'X', priority: 'normal', tags: [], contacts: [{ name: 'Ann Lee', birthday }], complaints: [], log: [], extra: {} });
    const [leap] = calendarEvents([dossier('1988-02-29')], settings, { today: '2026-11-23', days: 10 });
    expect(folded('x')).toBe('x');
    const text = renderIcs({ name: 't', stamp: new Date(0), version: '0', events: [leap!] });
    expect(text).toContain('DTSTART;VALUE=DATE:19880229\r\n');
    expect(text).toContain('RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n');
    const [plain] = calendarEvents([dossier('--12-24')], settings, { today: '2026-11-23', days: 10 });
    expect(renderIcs({ name: 't', stamp: new Date(0), version: '0', events: [plain!] })).toMatch(/DTSTART;VALUE=DATE:20001224\r\nDTEND;VALUE=DATE:20001225\r\nRRULE:FREQ=YEARLY\r\n/);
  });
});

describe('instantOf', () => {
  it('reads a wall time in the zone, summer and winter', () => {
    expect(instantOf('Europe/Warsaw', '2026-11-20', '15:00').toISOString()).toBe('2026-11-20T14:00:00.000Z');
    expect(instantOf('Europe/Warsaw', '2026-07-01', '09:30').toISOString()).toBe('2026-07-01T07:30:00.000Z');
    expect(instantOf('America/New_York', '2026-03-08', '12:00').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(instantOf('UTC', '2026-01-01', '00:00').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
