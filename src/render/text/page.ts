// One dossier as a page: header, contacts, next contact, offer, complaints, latest log, notes.
import type { ChalkInstance } from 'chalk';
import { daysBetween, formatDayLong, formatDayShort, type IsoDate } from '../../core/dates.js';
import { activeCover, type Dossier } from '../../core/model.js';
import { clean, cleanBlock } from '../../core/text.js';
import { wrap } from './layout.js';

export interface PageStyle {
  chalk: ChalkInstance;
  columns: number;
}

function period(p: Dossier['cadence']): string {
  if (!p) return '';
  const unit = { d: 'day', w: 'week', m: 'month', wd: 'working day' }[p.unit];
  return `every ${p.count === 1 ? unit : `${p.count} ${unit}s`}`;
}

function relative(date: IsoDate, today: IsoDate): string {
  const n = daysBetween(today, date);
  if (n === 0) return 'today';
  if (n === 1) return 'tomorrow';
  if (n > 0) return `in ${n} days`;
  return `${-n} day${n === -1 ? '' : 's'} overdue`;
}

function birthdayText(birthday: string): string {
  if (birthday.startsWith('--')) return formatDayShort(`2000${birthday.slice(1)}`).slice(4);
  return formatDayLong(birthday).slice(4);
}

export function renderPage(dossier: Dossier, today: IsoDate, style: PageStyle, logLimit: number | undefined): string {
  const { chalk, columns } = style;
  const out: string[] = [];
  const para = (text: string, indent = '  ') => {
    for (const line of text.split('\n')) out.push(...wrap(line, columns, indent).map((l) => indent + l));
  };
  const heading = (title: string) => out.push('', chalk.bold.underline(title));

  out.push(`${chalk.bold(clean(dossier.name))}  ${chalk.dim(dossier.file)}`);
  const cover = activeCover(dossier, today);
  const facts = [
    dossier.stage,
    dossier.owner ? `owner ${dossier.owner}` : 'no owner',
    cover ? `covered by ${cover.by} until ${formatDayShort(cover.until)}` : '',
    `priority ${dossier.priority}`,
    period(dossier.cadence),
    dossier.tags.length ? dossier.tags.map((t) => `#${t}`).join(' ') : '',
  ].filter(Boolean);
  para(facts.map((f) => clean(String(f))).join(' · '), '');
  for (const [key, value] of Object.entries(dossier.extra)) para(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`, '');

  if (dossier.contacts.length) {
    heading('Contacts');
    for (const c of dossier.contacts) {
      out.push(`  ${chalk.bold(clean(c.name))}${c.role ? ` — ${clean(c.role)}` : ''}`);
      const reach = [c.phone, c.email, c.birthday ? `birthday ${birthdayText(c.birthday)}` : ''].filter(Boolean).join(' · ');
      if (reach) para(reach, '    ');
      if (c.notes) para(c.notes, '    ');
    }
  }

  heading('Next contact');
  if (dossier.next) {
    const n = dossier.next;
    const when = `${formatDayLong(n.date)}${n.time ? ` ${n.time}` : ''}`;
    const rel = relative(n.date, today);
    out.push(`  ${chalk.bold(when)}${n.action ? ` — ${clean(n.action)}` : ''} ${rel.includes('overdue') ? chalk.red(`(${rel})`) : chalk.dim(`(${rel})`)}`);
    if (n.note) para(n.note);
  } else {
    out.push(`  ${chalk.yellow('none planned')}`);
  }

  if (dossier.offer) {
    heading('Offer');
    para(dossier.offer);
  }

  const open = dossier.complaints.filter((c) => c.resolved === undefined);
  if (open.length) {
    heading(`Open complaints (${open.length})`);
    for (const c of open) {
      const due = c.due ? `, answer due ${formatDayShort(c.due)}${c.due < today ? chalk.red(' (late)') : ''}` : '';
      para(`${c.summary} — opened ${formatDayShort(c.opened)}${due}`);
    }
  }

  if (dossier.log.length) {
    const shown = logLimit === undefined ? dossier.log : dossier.log.slice(-logLimit);
    const title = shown.length < dossier.log.length ? `Log (latest ${shown.length} of ${dossier.log.length}; --all for everything)` : `Log (${dossier.log.length})`;
    heading(title);
    for (const entry of shown) {
      const when = entry.at.slice(0, 10);
      const time = entry.at.slice(11, 16);
      const what = [entry.action, entry.outcome].filter(Boolean).map((s) => clean(String(s))).join(', ');
      const next = entry.next ? (entry.next === 'none' ? ' → no next contact' : ` → next ${formatDayShort(entry.next)}`) : '';
      const moved = entry.from && entry.to ? ` ${formatDayShort(entry.from)} → ${formatDayShort(entry.to)}` : '';
      out.push(`  ${chalk.dim(`${formatDayShort(when)} ${when.slice(0, 4)} ${time}`)}  ${entry.by ? clean(entry.by) + '  ' : ''}${what}${moved}${next}`);
      if (entry.summary) para(entry.summary, '      ');
      if (entry.reason) para(`reason: ${entry.reason}`, '      ');
      for (const [form, values] of Object.entries(entry.forms ?? {})) {
        para(`${form}: ${Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`, '      ');
      }
    }
  }

  if (dossier.notes) {
    heading('Notes');
    for (const line of cleanBlock(dossier.notes).trimEnd().split('\n')) para(line);
  }
  return out.join('\n') + '\n';
}
