// The calendar feed as iCalendar (RFC 5545): CRLF line ends, lines folded at 75 octets without
// splitting a character, TEXT values escaped, all-day events as DATE values, timed ones in UTC.
import type { CalendarEvent } from '../core/calendar.js';
import { addDays } from '../core/dates.js';
import { cleanBlock } from '../core/text.js';

export interface Feed {
  name: string;
  /** The moment the feed is made (DTSTAMP). */
  stamp: Date;
  timezone?: string;
  version: string;
  events: readonly CalendarEvent[];
}

/** A TEXT value: backslash, semicolon, comma and line breaks escaped; other controls made visible. */
export function icsText(text: string): string {
  return cleanBlock(text).replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

/** The UTF-8 length of one character (a code point). */
function octetsOf(char: string): number {
  const code = char.codePointAt(0)!;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** One content line, folded: at most 75 octets a line, continuation lines starting with a space. */
export function folded(line: string): string {
  if (line.length <= 25 || Buffer.byteLength(line) <= 75) return line;
  const out: string[] = [];
  let start = 0;
  let octets = 0;
  let i = 0;
  for (const char of line) {
    const size = octetsOf(char);
    const limit = out.length === 0 ? 75 : 74; // (a continuation line's leading space counts)
    if (octets + size > limit) {
      out.push(line.slice(start, i));
      start = i;
      octets = 0;
    }
    octets += size;
    i += char.length;
  }
  out.push(line.slice(start));
  return out.join('\r\n ');
}

const dateValue = (date: string) => date.replaceAll('-', '');
const utcValue = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

function eventLines(event: CalendarEvent, stamp: string, lines: string[]): void {
  lines.push('BEGIN:VEVENT', `UID:${icsText(event.uid)}`, `DTSTAMP:${stamp}`);
  if (event.start) {
    lines.push(`DTSTART:${utcValue(event.start)}`, `DURATION:PT${event.minutes ?? 30}M`);
  } else {
    lines.push(`DTSTART;VALUE=DATE:${dateValue(event.date)}`, `DTEND;VALUE=DATE:${dateValue(addDays(event.date, 1))}`);
  }
  if (event.yearly) lines.push(event.yearly === 'last-of-february' ? 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1' : 'RRULE:FREQ=YEARLY');
  lines.push(`SUMMARY:${icsText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${icsText(event.description)}`);
  if (event.categories.length > 0) lines.push(`CATEGORIES:${event.categories.map(icsText).join(',')}`);
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
}

/** The whole feed, as the bytes a calendar app subscribes to. */
export function renderIcs(feed: Feed): string {
  const stamp = utcValue(feed.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//tickler//tickler ${icsText(feed.version)}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(feed.name)}`,
    ...(feed.timezone ? [`X-WR-TIMEZONE:${icsText(feed.timezone)}`] : []),
  ];
  for (const event of feed.events) eventLines(event, stamp, lines);
  lines.push('END:VCALENDAR');
  for (let i = 0; i < lines.length; i++) lines[i] = folded(lines[i]!);
  return lines.join('\r\n') + '\r\n';
}
