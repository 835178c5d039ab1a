// The digest's pure parts: strict addresses, the sender, the subject; HTML escaping and links.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TodayView } from '../../src/core/agenda.js';
import { addressProblem, digestSubject, isEmptyDay, senderOf } from '../../src/core/digest.js';
import { escapeHtml, linkified, safeHref } from '../../src/render/html/escape.js';
import { runs } from '../fuzz.js';

describe('addressProblem', () => {
  it('takes plain addresses', () => {
    for (const ok of ['alice@example.com', 'a.b+tag@mail.example.co.uk', "o'brien@example.ie", 'x@localhost']) expect(addressProblem(ok), ok).toBeUndefined();
  });
  it.each([
    ['', 'empty'],
    ['alice@example.com\r\nBcc: eve@evil.example', 'line breaks'],
    ['alice@example.com\nbcc:eve@evil.example', 'line breaks'],
    ['a@example.com,eve@evil.example', 'no lists'],
    ['a@example.com; eve@evil.example', 'no lists'],
    ['Eve <eve@evil.example>', 'no display name'],
    ['"eve"@example.com', 'no display name'],
    ['eve@example.com (comment)', 'no display name'],
    ['eve @example.com', 'spaces'],
    ['-oQ/tmp/x@example.com', 'dash'],
    ['nobody', 'exactly one @'],
    ['a@b@example.com', 'exactly one @'],
    ['a@example', 'not a domain'],
    ['a@-example.com', 'not a domain'],
    ['a..b@example.com', 'mailbox'],
  ])('refuses %j (%s)', (text, why) => {
    expect(addressProblem(text)).toContain(why);
  });
  it('never takes a line break, a comma, a bracket or a leading dash, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('\r', '\n', ',', ';', '<', '>', '\u0000'), fc.string(), (a, bad, b) => addressProblem(`${a}${bad}${b}@example.com`) !== undefined),
      { numRuns: runs(300) },
    );
    fc.assert(fc.property(fc.string(), (a) => addressProblem(`-${a}@example.com`) !== undefined), { numRuns: runs(100) });
  });
});

describe('senderOf', () => {
  it('reads an address, or a display name and an address', () => {
    expect(senderOf('tickler@example.com')).toEqual({ address: 'tickler@example.com' });
    expect(senderOf('Sales Tickler <tickler@example.com>')).toEqual({ name: 'Sales Tickler', address: 'tickler@example.com' });
  });
  it('refuses what could carry a header or a second address', () => {
    expect(senderOf('Sales\r\nBcc: x@evil.example <t@example.com>')).toMatch(/may not hold/);
    expect(senderOf('A, B <t@example.com>')).toMatch(/may not hold/);
    expect(senderOf('T <t@example.com, eve@evil.example>')).toMatch(/not a usable address/);
  });
});

const view = (overdue: number[], extra: Partial<TodayView> = {}): TodayView =>
  ({ date: '2026-11-23', items: overdue.map((overdueDays) => ({ overdueDays })), complaints: [], birthdays: [], unscheduled: [], overloaded: [], capacity: null, owner: 'alice', problems: [], ...extra }) as unknown as TodayView;

describe('digestSubject', () => {
  it('counts contacts, the overdue among them, and the rest of the day', () => {
    expect(digestSubject(view([0, 3, 0, 1]))).toBe('Agenda Mon 23 Nov: 4 contacts (2 overdue)');
    expect(digestSubject(view([0]))).toBe('Agenda Mon 23 Nov: 1 contact');
    expect(digestSubject(view([], { complaints: [{}, {}] } as never))).toBe('Agenda Mon 23 Nov: 2 complaints');
    expect(digestSubject(view([]))).toBe('Agenda Mon 23 Nov: nothing due');
  });
  it('an empty day has no contact, complaint, birthday or dropped ball (problems alone do not count)', () => {
    expect(isEmptyDay(view([], { problems: [{}] } as never))).toBe(true);
    expect(isEmptyDay(view([], { unscheduled: [{}] } as never))).toBe(false);
  });
});

describe('HTML text and links', () => {
  it('escapes markup and quotes, and makes control characters visible', () => {
    expect(escapeHtml(`<img src=x onerror="a('1')">&\u202e`)).toBe('&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&amp;\ufffd');
  });
  it('links only http(s), mailto and tel', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('tel:+48 600 100 200')).toBe('tel:+48600100200');
    expect(safeHref('mailto:jan@example.com')).toBe('mailto:jan@example.com');
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'https://exa"mple.com', 'tel:javascript']) expect(safeHref(bad), bad).toBeUndefined();
  });
  it('links the web addresses in text and escapes the rest', () => {
    expect(linkified('see https://example.com/x?a=1&b=2. <b>now</b> javascript:alert(1)')).toBe(
      'see <a href="https://example.com/x?a=1&amp;b=2">https://example.com/x?a=1&amp;b=2</a>. &lt;b&gt;now&lt;/b&gt; javascript:alert(1)',
    );
  });
  it('never lets a tag or an attribute out, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', 'a', ' ', 'h', 't', 'p', 's', ':', '/', '.', 'x') }), (text) => {
        const html = linkified(text);
        const tags = html.match(/<[^>]*>/g) ?? [];
        return tags.every((t) => /^<a href="https?:\/\/[^"<>]*">$|^<\/a>$/.test(t));
      }),
      { numRuns: runs(500) },
    );
  });
});
