// The morning email's content, decided without sending anything: whose digests, to which one
// address each, with what subject, and which members get none (and why).
import type { TodayView } from './agenda.js';
import { formatDayShort } from './dates.js';
import type { Settings } from './model.js';

/**
 * One plain address, strictly: local@domain, nothing else. No display name, no comments, no
 * lists, no whitespace or control characters (so no header or envelope can be smuggled in), no
 * leading dash (never an option to sendmail), a domain of DNS labels. Returns why not, or undefined.
 */
export function addressProblem(text: string): string | undefined {
  if (text.length === 0) return 'it is empty';
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(text)) return 'it holds line breaks or control characters';
  if (/[,;]/.test(text)) return 'one address only (no lists)';
  if (/[<>()"\\[\]:]/.test(text)) return 'a plain address only (no display name, quotes, brackets or comments)';
  if (/\s/u.test(text)) return 'it holds spaces';
  if (text.startsWith('-')) return 'it starts with a dash';
  if (text.length > 254) return 'it is longer than 254 characters';
  const at = text.lastIndexOf('@');
  if (at <= 0 || text.indexOf('@') !== at) return 'it needs exactly one @ with a name before it';
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local.length > 64 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return `"${local}" is not a plain mailbox name`;
  const labels = domain.split('.');
  if (labels.length < 2 && domain !== 'localhost') return `"${domain}" is not a domain (e.g. example.com)`;
  if (!labels.every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return `"${domain}" is not a domain (e.g. example.com)`;
  return undefined;
}

export interface Sender {
  name?: string;
  address: string;
}

/**
 * `mail.from` of tickler.yaml: `address` or `Display Name <address>`, the address as strict as a
 * recipient's, the name one line of text without quotes or brackets (the mailer encodes it).
 */
export function senderOf(text: string): Sender | string {
  const match = /^\s*([^<>]*?)\s*<([^<>]*)>\s*$/.exec(text);
  const name = match ? match[1]! : undefined;
  const address = match ? match[2]! : text.trim();
  if (name !== undefined && /[\u0000-\u001f\u007f-\u009f"\\,;:@]/u.test(name)) return `mail.from: the name "${name}" may not hold quotes, commas, colons, @ or control characters`;
  const problem = addressProblem(address);
  if (problem) return `mail.from: "${address}" is not a usable address: ${problem}`;
  return name ? { name, address } : { address };
}

export interface DigestRecipient {
  member: string;
  /** The one address this member's digest goes to. */
  address?: string;
  /** Why this member gets no digest (no address, or one that fails). */
  problem?: string;
}

/**
 * Who gets a digest: `members` (all of the team, or the one asked for), each with their address
 * from tickler.yaml, or `to` instead (for one member only). An address that fails is this member's
 * problem: nobody receives the digest in its place.
 */
export function recipientsOf(settings: Settings, members: readonly string[], to?: string): DigestRecipient[] {
  return members.map((member) => {
    const given = to ?? settings.team.get(member)?.email;
    if (given === undefined || given === '') return { member, problem: `no address: set team.${member}.email in tickler.yaml (or --to)` };
    const problem = addressProblem(given);
    if (problem) return { member, problem: `${to !== undefined ? '--to' : `team.${member}.email`} ${JSON.stringify(given)} is not usable: ${problem}` };
    return { member, address: given };
  });
}

/** Whether a day holds nothing for its member: no contact, complaint, birthday or dropped ball. */
export function isEmptyDay(view: TodayView): boolean {
  return view.items.length === 0 && view.complaints.length === 0 && view.birthdays.length === 0 && view.unscheduled.length === 0;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `Agenda Mon 23 Nov: 12 contacts (3 overdue), 1 complaint`: what the day holds, counted. */
export function digestSubject(view: TodayView): string {
  const overdue = view.items.filter((i) => i.overdueDays > 0).length;
  const parts: string[] = [];
  if (view.items.length > 0) parts.push(`${count(view.items.length, 'contact')}${overdue > 0 ? ` (${overdue} overdue)` : ''}`);
  if (view.complaints.length > 0) parts.push(count(view.complaints.length, 'complaint'));
  if (view.birthdays.length > 0) parts.push(count(view.birthdays.length, 'birthday'));
  if (view.unscheduled.length > 0) parts.push(count(view.unscheduled.length, 'dropped ball'));
  return `Agenda ${formatDayShort(view.date)}: ${parts.length > 0 ? parts.join(', ') : 'nothing due'}`;
}
