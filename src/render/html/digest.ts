// The digest's HTML alternative: the same day as the text, for mail clients. Inline styles only
// (mail clients drop style sheets), no script, no image, nothing loaded from outside; every value
// from the book escaped; links only to http(s), mailto and tel.
import type { AgendaItem, TodayView } from '../../core/agenda.js';
import { formatDayLong, formatDayShort } from '../../core/dates.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { escapeHtml as esc, link, linkified } from './escape.js';

const MUTED = 'color:#666';
const LATE = 'color:#b00020;font-weight:bold';

function section(title: string, count: number, rows: readonly string[]): string {
  if (count === 0) return '';
  return `<h2 style="font-size:16px;margin:20px 0 6px;border-bottom:1px solid #ddd">${esc(title)} (${count})</h2>\n<table role="presentation" cellpadding="4" cellspacing="0" style="border-collapse:collapse;width:100%">\n${rows.join('\n')}\n</table>\n`;
}

function markCell(item: Pick<AgendaItem, 'overdueDays' | 'time'>): string {
  if (item.overdueDays > 0) return `<span style="${LATE}">+${item.overdueDays}d</span>${item.time ? ` ${esc(item.time)}` : ''}`;
  return item.time ? esc(item.time) : '';
}

function row(mark: string, body: string): string {
  return `<tr><td style="vertical-align:top;white-space:nowrap;width:4.5em">${mark}</td><td style="vertical-align:top">${body}</td></tr>`;
}

function itemHtml(item: AgendaItem): string {
  const meta = [item.action ?? (item.reason === 'cadence' ? 'keep in touch' : null), item.priority === 'normal' ? null : item.priority, item.coveredBy ? `${item.coveredBy} for ${item.owner ?? '?'}` : item.owner]
    .filter((p): p is string => Boolean(p))
    .map(esc)
    .join(' · ');
  const lines = [`<strong>${esc(item.name)}</strong>${meta ? ` <span style="${MUTED}">${meta}</span>` : ''}`];
  if (item.contact) {
    const c = item.contact;
    const parts = [esc(c.role ? `${c.name}, ${c.role}` : c.name)];
    if (c.phone) parts.push(link(c.phone, `tel:${c.phone}`));
    if (c.email) parts.push(link(c.email, `mailto:${c.email}`));
    lines.push(parts.join(' · '));
  }
  if (item.reason === 'cadence') lines.push(`Keep in touch: due since ${esc(formatDayShort(item.due))}, no contact planned`);
  if (item.note) lines.push(`→ ${linkified(item.note)}`);
  if (item.lastContact) {
    const l = item.lastContact;
    const what = [l.action, l.outcome].filter(Boolean).join(', ');
    lines.push(`<span style="${MUTED}">Last ${esc(formatDayShort(l.at.slice(0, 10)))}${what ? ` ${esc(what)}` : ''}${l.summary ? `: ${linkified(l.summary)}` : ''}</span>`);
  }
  if (item.offer) lines.push(`<span style="${MUTED}">Offer: ${linkified(item.offer)}</span>`);
  return row(markCell(item), lines.join('<br>\n'));
}

function problemHtml(p: Diagnostic): string {
  return row('', `<code>${esc(`${p.file}:${p.line}:${p.column}`)}</code> ${esc(p.severity)}: ${esc(p.message)}`);
}

/** The whole message body: a standalone HTML document. `title`: the subject. */
export function digestHtml(view: TodayView, title: string, memberName: string): string {
  const overdue = view.items.filter((i) => i.overdueDays > 0);
  const due = view.items.filter((i) => i.overdueDays === 0);
  const parts = [
    `<p style="margin:0 0 4px;${MUTED}">${esc(memberName)}</p>`,
    `<h1 style="font-size:20px;margin:0 0 8px">${esc(formatDayLong(view.date))}</h1>`,
    `<p style="margin:0">${view.items.length} due, ${overdue.length} overdue${view.capacity !== null ? `, capacity ${view.capacity}` : ''}</p>`,
    ...view.overloaded.map((o) => `<p style="${LATE}">Over capacity: ${esc(o.owner)} has ${o.count} contacts today, capacity ${o.capacity}.</p>`),
    section('Overdue', overdue.length, overdue.map(itemHtml)),
    section('Today', due.length, due.map(itemHtml)),
    view.items.length === 0 ? '<p>Nothing due today.</p>' : '',
    section(
      'Complaints',
      view.complaints.length,
      view.complaints.map((c) =>
        row(
          c.overdueDays > 0 ? `<span style="${LATE}">+${c.overdueDays}d</span>` : 'today',
          `<strong>${esc(c.name)}</strong>${c.owner ? ` <span style="${MUTED}">${esc(c.owner)}</span>` : ''}<br>\n${linkified(c.summary)} <span style="${MUTED}">(opened ${esc(formatDayShort(c.opened))}, answer due ${esc(formatDayShort(c.due))})</span>`,
        ),
      ),
    ),
    section(
      'Birthdays',
      view.birthdays.length,
      view.birthdays.map((b) =>
        row('', `<strong>${esc(b.contact)}${b.age !== null ? ` (${b.age})` : ''}</strong><br>\n${esc(b.name)}${b.role ? ` · ${esc(b.role)}` : ''}${b.phone ? ` · ${link(b.phone, `tel:${b.phone}`)}` : ''}`),
      ),
    ),
    section(
      'Dropped balls',
      view.unscheduled.length,
      view.unscheduled.map((u) =>
        row('', `<strong>${esc(u.name)}</strong> <span style="${MUTED}">${[u.stage, u.owner, u.lastContact ? `last contact ${formatDayShort(u.lastContact)}` : 'never contacted'].filter((p): p is string => Boolean(p)).map(esc).join(' · ')}</span>`),
      ),
    ),
    section('Problems in the book', view.problems.length, view.problems.map(problemHtml)),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.4;color:#222;max-width:720px;margin:0 auto;padding:12px">',
    ...parts.filter(Boolean),
    `<p style="margin-top:24px;font-size:12px;${MUTED}">Sent automatically by tickler digest.</p>`,
    '</body></html>',
    '',
  ].join('\n');
}
