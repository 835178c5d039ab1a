// `tickler export` end to end, read back by independent parsers: the feed by ical.js (event by
// event), the spreadsheet rows by csv-parse; formula injection defused; -o replaces atomically.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { BOOKS, cli, copyBook } from '../helpers.js';

const TODAY = '2026-11-23';
const NOW = { TICKLER_NOW: '2026-11-23T06:30:00Z' };
const BASIC = join(BOOKS, 'basic');

interface Seen {
  uid: string;
  summary: string;
  description: string;
  allDay: boolean;
  start: string;
  yearly: boolean;
}

function events(text: string): Seen[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? '',
      allDay: event.startDate.isDate,
      start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      yearly: event.isRecurring(),
    };
  });
}

function ics(book: string, ...args: string[]) {
  const run = cli(['export', 'ics', '--book', book, '--today', TODAY, ...args], { env: NOW });
  expect(run.code, run.err).toBe(0);
  return run.out;
}

describe('export ics', () => {
  it('is RFC 5545 as ical.js reads it: CRLF, lines of at most 75 octets, all-day and timed (UTC) contacts, yearly birthdays', () => {
    const text = ics(BASIC);
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const seen = events(text);
    const byUid = new Map(seen.map((e) => [e.uid, e]));
    expect(new Set(seen.map((e) => e.uid)).size).toBe(seen.length);

    // Hurtownia Kowalski: a call on Friday 20 November at 15:00 in Warsaw (UTC+1): 14:00 UTC.
    const hurtownia = byUid.get('hurtownia-kowalski.next@tickler')!;
    expect(hurtownia).toMatchObject({ allDay: false, start: '2026-11-20T14:00:00.000Z', yearly: false });
    expect(hurtownia.summary).toBe('Call: Hurtownia Kowalski Sp. z o.o. (Jan Kowalski)');
    expect(hurtownia.description).toContain('→ Confirm Q1 volumes; he asked for 5% off');
    expect(hurtownia.description).toContain('Offer: 500 pallets/quarter at 41.50 PLN, valid to 2026-12-15');
    // A date-only contact is an all-day event on its date.
    expect(byUid.get('aerzte-bedarf.next@tickler')).toMatchObject({ allDay: true, start: '2026-11-23' });
    // Birthdays repeat every year.
    const birthdays = seen.filter((e) => e.uid.includes('.birthday.'));
    expect(birthdays.length).toBeGreaterThan(0);
    for (const b of birthdays) expect(b).toMatchObject({ allDay: true, yearly: true });
    expect(byUid.get('apex.birthday.tomasz-lewandowski@tickler')?.summary).toBe('Birthday: Tomasz Lewandowski (Apex Sp. z o.o.)');
    // Closed clients (lost, dormant) have no events.
    expect(seen.some((e) => e.uid.startsWith('orion-steel.'))).toBe(false);
  });

  it("keeps each contact's UID from one export to the next, wherever the contact moves; --owner and --days choose", () => {
    const dir = copyBook('basic');
    const before = events(ics(dir));
    const moved = cli(['reschedule', 'aerzte-bedarf', '2026-12-04', '--today', TODAY], { cwd: dir, env: { ...NOW, TICKLER_USER: 'alice' } });
    expect(moved.code, moved.err).toBe(0);
    const after = events(ics(dir));
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    expect(after.find((e) => e.uid === 'aerzte-bedarf.next@tickler')?.start).toBe('2026-12-04');

    const bob = events(ics(dir, '--owner', 'bob'));
    expect(bob.length).toBeGreaterThan(0);
    // Kaunas Dairy is Alice's, covered by Bob on the day of its contact: in Bob's feed.
    expect(bob.some((e) => e.uid === 'kaunas-dairy.next@tickler')).toBe(true);
    expect(bob.some((e) => e.uid === 'aerzte-bedarf.next@tickler')).toBe(false);
    const soon = events(ics(dir, '--days', '0')).filter((e) => e.uid.endsWith('.next@tickler'));
    for (const e of soon) expect(e.start.slice(0, 10) <= TODAY).toBe(true);
    expect(cli(['export', 'ics', '--book', dir, '--days', 'ten'], { env: NOW }).code).toBe(2);
  });

  it('escapes text so that names with ; , \\ and line breaks come back as they were, and writes -o atomically', () => {
    const dir = copyBook('basic');
    const path = join(dir, 'clients', 'zeta.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^name: .*$/m, 'name: "Zeta; A, B \\\\ C — żółć ✓ a very long name that needs folding more than once in the feed, with ünïcödé"'));
    const out = join(mkdtempSync(join(tmpdir(), 'tickler-feed-')), 'feed.ics');
    const run = cli(['export', 'ics', '--book', dir, '--today', TODAY, '-o', out], { env: NOW });
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe('');
    const text = readFileSync(out, 'utf8');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const zeta = events(text).find((e) => e.uid === 'zeta.next@tickler')!;
    expect(zeta.summary).toBe('Call: Zeta; A, B \\ C — żółć ✓ a very long name that needs folding more than once in the feed, with ünïcödé (Ewa Zając)');
    expect(readdirSync(dirname(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Run again: replaced, same bytes for the same book and moment.
    expect(cli(['export', 'ics', '--book', dir, '--today', TODAY, '-o', out], { env: NOW }).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    // Never into the book (a read command does not change it); a missing folder or a folder is said.
    const before = readFileSync(join(dir, 'tickler.yaml'), 'utf8');
    for (const [target, why] of [
      [join(dir, 'tickler.yaml'), /inside the book/],
      [join(dir, 'clients', 'apex.yaml'), /inside the book/],
      [join(dirname(out), 'missing', 'x.ics'), /does not exist/],
      [dirname(out), /is a folder/],
      ['', /needs a file name/],
    ] as const) {
      const refused = cli(['export', 'ics', '--book', dir, '--today', TODAY, '-o', target], { env: NOW });
      expect(refused.code, target).toBe(2);
      expect(refused.err, target).toMatch(why);
    }
    expect(readFileSync(join(dir, 'tickler.yaml'), 'utf8')).toBe(before);
  });
});

describe('export csv and json', () => {
  const rowsOf = (text: string, delimiter = ',') => parse(text, { columns: true, delimiter, bom: true }) as Record<string, string>[];

  it('every client is a row that csv-parse reads back; RFC 4180 quoting; CRLF', () => {
    const run = cli(['export', 'csv', '--book', BASIC, '--today', TODAY], { env: NOW });
    expect(run.code, run.err).toBe(0);
    expect(run.out.split('\r\n')[0]).toBe('client,name,owner,stage,priority,tags,contact,role,phone,email,next,time,action,note,lastContact,lastOutcome,offer');
    const rows = rowsOf(run.out);
    expect(rows).toHaveLength(readdirSync(join(BASIC, 'clients')).filter((f) => f.endsWith('.yaml')).length);
    const hurtownia = rows.find((r) => r.client === 'hurtownia-kowalski')!;
    expect(hurtownia).toMatchObject({ name: 'Hurtownia Kowalski Sp. z o.o.', owner: 'alice', phone: "'+48 600 100 200", next: '2026-11-20', time: '15:00', action: 'call', note: 'Confirm Q1 volumes; he asked for 5% off' });
    expect(hurtownia.offer).toBe('500 pallets/quarter at 41.50 PLN, valid to 2026-12-15');

    const json = JSON.parse(cli(['export', 'json', '--book', BASIC, '--today', TODAY], { env: NOW }).out);
    expect(json.schemaVersion).toBe(1);
    expect(json.clients.map((c: { client: string }) => c.client)).toEqual(rows.map((r) => r.client));
    expect(json.clients.find((c: { client: string }) => c.client === 'hurtownia-kowalski').tags).toEqual(expect.any(Array));
  });

  it('defuses formulas (=, +, -, @, tab) but keeps plain numbers; --delimiter ";" and --bom for spreadsheets', () => {
    const dir = copyBook('basic');
    const path = join(dir, 'clients', 'zeta.yaml');
    const text = readFileSync(path, 'utf8')
      .replace(/^name: .*$/m, 'name: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"')
      .replace(/note: .*$/m, 'note: "@SUM(1+1)"');
    writeFileSync(path, text.includes('offer:') ? text : `${text}offer: "+cmd|' /C calc'!A0"\n`);
    writeFileSync(join(dir, 'clients', 'tabby.yaml'), 'name: "\\t-2+3"\nowner: bob\ncontacts:\n  - name: "-x"\n    phone: "+48600100200"\n    role: "-2-3"\n    email: "-12.50@x"\n');
    const run = cli(['export', 'csv', '--delimiter', ';', '--bom', '--book', dir, '--today', TODAY], { env: NOW });
    expect(run.code, run.err).toBe(0);
    expect(run.out.startsWith('\ufeffclient;name;')).toBe(true);
    const rows = rowsOf(run.out, ';');
    const zeta = rows.find((r) => r.client === 'zeta')!;
    expect(zeta.name).toBe('\'=HYPERLINK("http://evil.example","x")');
    expect(zeta.note).toBe("'@SUM(1+1)");
    expect(zeta.offer).toBe("'+cmd|' /C calc'!A0");
    const tabby = rows.find((r) => r.client === 'tabby')!;
    expect(tabby.name).toBe("' -2+3");
    expect(tabby.contact).toBe("'-x");
    // A plain number stays a number; anything a spreadsheet would compute gets the apostrophe.
    expect(tabby.phone).toBe('+48600100200');
    expect(tabby.role).toBe("'-2-3");
    // (no cell starts a formula: what starts with = + - @ or a blank is a plain number)
    for (const row of rows) for (const cell of Object.values(row)) if (/^\s*[=+\-@\t\r]/.test(cell)) expect(cell).toMatch(/^[+-]?\d+([.,]\d+)?$/);
    expect(cli(['export', 'csv', '--delimiter', '|', '--book', dir], { env: NOW }).code).toBe(2);
    expect(cli(['export', 'ics', '--bom', '--book', dir], { env: NOW }).code).toBe(2);
    expect(cli(['export', 'xlsx', '--book', dir], { env: NOW }).err).toMatch(/^tickler: export what\? ics, csv, json/m);
  });
});
