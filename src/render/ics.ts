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

const encoder = new TextEncoder();

/** One content line, folded: at most 75 octets a line, continuation lines starting with a space. */
export function folded(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = out.length === 0 ? 75 : 74; // (a continuation line's leading space counts)
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const dateValue = (date: string) => date.replaceAll('-', '');
const utcValue = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

function eventLines(event: CalendarEvent, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${icsText(event.uid)}`, `DTSTAMP:${stamp}`];
  if (event.start) {
    lines.push(`DTSTART:${utcValue(event.start)}`, `DURATION:PT${event.minutes ?? 30}M`);
  } else {
    lines.push(`DTSTART;VALUE=DATE:${dateValue(event.date)}`, `DTEND;VALUE=DATE:${dateValue(addDays(event.date, 1))}`);
  }
  if (event.yearly) lines.push('RRULE:FREQ=YEARLY');
  lines.push(`SUMMARY:${icsText(event.summary)}`);
  if (event.description) lines.push(`DESCRIPTION:${icsText(event.description)}`);
  if (event.categories.length > 0) lines.push(`CATEGORIES:${event.categories.map(icsText).join(',')}`);
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
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
    ...feed.events.flatMap((event) => eventLines(event, stamp)),
    'END:VCALENDAR',
  ];
  return lines.map(folded).join('\r\n') + '\r\n';
}
