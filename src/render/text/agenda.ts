// The divider as text: a summary line, then sections that read like the binder's page, aligned
// and wrapped to the terminal (80 columns off a terminal).
import type { ChalkInstance } from 'chalk';
import type { AgendaDay, AgendaItem, AgendaView, Day, TodayView } from '../../core/agenda.js';
import { daysBetween, formatDayLong, formatDayShort, type IsoDate } from '../../core/dates.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { clean } from '../../core/text.js';
import { diagnosticHeadline } from './diagnostics.js';
import { padEnd, pushWrapped, truncate, widthOf, wrap } from './layout.js';

export interface TextStyle {
  chalk: ChalkInstance;
  columns: number;
}

const MARK = 7; // width of the left column: "+12d", "10:30"
const INDENT = ' '.repeat(2 + MARK + 1);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ownerLabel(item: AgendaItem): string {
  if (item.coveredBy) return `${item.coveredBy} for ${item.owner ?? '?'}`;
  return item.owner ?? '';
}

function markOf(item: AgendaItem, chalk: ChalkInstance): string {
  if (item.overdueDays > 0) return chalk.red(padEnd(`+${item.overdueDays}d`, MARK));
  if (item.time) return chalk.cyan(padEnd(item.time, MARK));
  return ' '.repeat(MARK);
}

/** An item's first line: when, who, what. */
function headline(item: AgendaItem, style: TextStyle, nameWidth: number): string {
  const { chalk, columns } = style;
  let meta = item.overdueDays > 0 && item.time ? clean(item.time) : '';
  const add = (part: string | null) => {
    if (part) meta = meta === '' ? clean(part) : `${meta} · ${clean(part)}`;
  };
  add(item.action ?? (item.reason === 'cadence' ? 'keep in touch' : ''));
  add(item.priority === 'normal' ? '' : item.priority);
  add(ownerLabel(item));
  const room = Math.max(16, columns - 2 - MARK - 1 - 2 - widthOf(meta));
  const width = Math.min(nameWidth, room);
  const name = padEnd(truncate(clean(item.name), width), width);
  return `  ${markOf(item, chalk)} ${chalk.bold(item.priority === 'high' ? chalk.yellow(name) : name)}  ${chalk.dim(meta)}`.trimEnd();
}

/** One item: a headline (when, who, what) and the page's details, each on its own line (added to `out`). */
export function renderItem(item: AgendaItem, style: TextStyle, nameWidth: number, out: string[] = []): string[] {
  const { chalk, columns } = style;
  out.push(headline(item, style, nameWidth));
  const detail = (text: string, colour?: (s: string) => string) => pushWrapped(out, text, columns, INDENT, colour);
  if (item.contact) {
    const c = item.contact;
    const who = c.role ? `${c.name}, ${c.role}` : c.name;
    detail(who && c.phone ? `${who} · ${c.phone}` : who || c.phone || '');
  }
  if (item.reason === 'cadence') detail(`Keep in touch: due since ${formatDayShort(item.due)}, no contact planned`, chalk.magenta);
  if (item.note) detail(`→ ${item.note}`);
  if (item.lastContact) {
    const l = item.lastContact;
    const what = l.action && l.outcome ? `${l.action}, ${l.outcome}` : l.action || l.outcome || '';
    detail(`Last ${formatDayShort(l.at.slice(0, 10))}${what ? ` ${what}` : ''}${l.summary ? `: ${l.summary}` : ''}`, chalk.dim);
  }
  if (item.offer) detail(`Offer: ${item.offer}`, chalk.dim);
  return out;
}

function sectionTitle(title: string, count: number, chalk: ChalkInstance): string {
  return chalk.bold.underline(`${title} (${count})`);
}

function summaryLine(day: Pick<Day, 'date' | 'capacity' | 'overloaded'> & { items: readonly Pick<AgendaItem, 'overdueDays'>[] }, chalk: ChalkInstance): string {
  const overdue = day.items.filter((i) => i.overdueDays > 0).length;
  const parts = [`${day.items.length} due`, `${overdue} overdue`];
  if (day.capacity !== null) parts.push(`capacity ${day.capacity}`);
  const over = day.overloaded.length > 0;
  return `${chalk.bold(formatDayLong(day.date))} — ${over ? chalk.red(parts.join(', ')) : parts.join(', ')}`;
}

/** A problem in a list: its headline, wrapped under its location. */
export function problemLines(p: Diagnostic, style: TextStyle): string[] {
  const headline = diagnosticHeadline(p, style.chalk);
  const file = clean(p.file);
  if (widthOf(`  ${file}:${p.line}:${p.column}: ${p.severity}: ${clean(p.message)} [${p.rule}]`) <= style.columns) return [`  ${headline}`];
  const where = `${file}:${p.line}:${p.column}:`;
  const text = `${p.severity}: ${clean(p.message)} [${p.rule}]`;
  return [`  ${style.chalk.bold(where)}`, ...wrap(text, style.columns, '    ').map((l) => `    ${p.severity === 'error' ? style.chalk.red(l) : style.chalk.yellow(l)}`)];
}

/** The width of the name column: the longest name shown, up to 40. */
export function nameColumn(items: readonly Pick<AgendaItem, 'name'>[]): number {
  let width = 0;
  for (const item of items) width = Math.max(width, widthOf(clean(item.name)));
  return Math.min(40, width);
}

/** Today's page: a summary line, then the sections of the binder's page. */
export function renderToday(view: TodayView, style: TextStyle): string {
  const { chalk } = style;
  const width = nameColumn(view.items);
  const out: string[] = [summaryLine(view, chalk) + (view.owner ? chalk.dim(` (${view.owner})`) : '')];
  if (!view.owner && view.loads.length > 0) out.push(loadLine(view.loads, chalk));
  const section = (title: string, lines: readonly string[], count: number) => {
    if (count === 0) return;
    out.push('', sectionTitle(title, count, chalk), ...lines);
  };
  const overdue = view.items.filter((i) => i.overdueDays > 0);
  const due = view.items.filter((i) => i.overdueDays === 0);
  section('Overdue', overdue.flatMap((item) => renderItem(item, style, width)), overdue.length);
  section('Today', due.flatMap((item) => renderItem(item, style, width)), due.length);
  if (view.items.length === 0) out.push('', chalk.green('Nothing due today.'));
  section(
    'Complaints',
    view.complaints.flatMap((c) => {
      const late = c.overdueDays > 0 ? chalk.red(padEnd(`+${c.overdueDays}d`, MARK)) : padEnd('today', MARK);
      return [
        `  ${late} ${chalk.bold(clean(c.name))}${c.owner ? chalk.dim(`  · ${clean(c.owner)}`) : ''}`,
        ...wrap(`${c.summary} (opened ${formatDayShort(c.opened)}, answer due ${formatDayShort(c.due)})`, style.columns, INDENT).map((l) => INDENT + l),
      ];
    }),
    view.complaints.length,
  );
  section(
    'Birthdays',
    view.birthdays.flatMap((b) => {
      const who = `${b.contact}${b.age !== null ? ` (${b.age})` : ''}`;
      const facts = [b.role, b.phone].filter(Boolean).map((f) => clean(String(f))).join(' · ');
      return [
        `  ${' '.repeat(MARK)} ${chalk.bold(truncate(clean(who), style.columns - INDENT.length))}`,
        ...wrap(`${b.name}${facts ? ` · ${facts}` : ''}`, style.columns, INDENT).map((l) => INDENT + chalk.dim(l)),
      ];
    }),
    view.birthdays.length,
  );
  section(
    'Dropped balls',
    view.unscheduled.flatMap((u) => {
      const facts = [u.stage, u.owner, u.lastContact ? `last contact ${formatDayShort(u.lastContact)}` : 'never contacted']
        .filter(Boolean)
        .map((f) => clean(String(f)))
        .join(' · ');
      const name = clean(u.name);
      // (the facts go under the name when both do not fit on one line)
      if (widthOf(`${INDENT}${name}  · ${facts}`) <= style.columns) return [`${INDENT}${chalk.bold(name)}${chalk.dim(`  · ${facts}`)}`];
      return [`${INDENT}${chalk.bold(truncate(name, style.columns - INDENT.length))}`, ...wrap(facts, style.columns, INDENT).map((l) => INDENT + chalk.dim(l))];
    }),
    view.unscheduled.length,
  );
  if (view.unscheduled.length > 0) pushWrapped(out, 'No next contact planned: log a call with --next, or close the client.', style.columns, INDENT, chalk.dim);
  section('Problems', view.problems.flatMap((p) => problemLines(p, style)), view.problems.length);
  if (view.problems.length > 0) out.push(chalk.dim(`  These files yield no items until fixed; \`tickler validate\` shows details.`));
  for (const o of view.overloaded) {
    const warning = `${o.owner} has ${plural(o.count, 'contact')} today, capacity ${o.capacity}: \`tickler rebalance --owner ${o.owner}\` spreads them over the next days.`;
    out.push('', ...wrap(warning, style.columns, '  ').map((line, i) => chalk.yellow(`${i === 0 ? '!' : ' '} ${line}`)));
  }
  return out.join('\n') + '\n';
}

/** Each member's load against capacity, the ones over it marked with "!" (seen without colour too). */
function loadLine(loads: Day['loads'], chalk: ChalkInstance): string {
  const parts = loads.map((l) => (l.count > l.capacity ? chalk.red(`${l.owner} ${l.count}/${l.capacity}!`) : `${l.owner} ${l.count}/${l.capacity}`));
  return chalk.dim('Load: ') + parts.join(chalk.dim(', '));
}

function dayHeading(day: AgendaDay, today: IsoDate, chalk: ChalkInstance, owner: string | null): string {
  const label = formatDayLong(day.date);
  const when = day.date === today ? 'today' : daysBetween(today, day.date) === 1 ? 'tomorrow' : '';
  const off = day.holiday ? 'holiday' : !day.workday ? 'day off' : '';
  const over = day.overloaded.map((o) => `${o.owner} ${o.count}/${o.capacity}`).join(', ');
  const mine = owner !== null && day.capacity !== null ? `${day.count}/${day.capacity}` : String(day.count);
  const count = over ? `${mine} ${chalk.red(`(over capacity: ${over})`)}` : mine;
  return `${chalk.bold(label)}${when ? chalk.dim(` (${when})`) : ''} — ${count}${off ? chalk.dim(`  ${off}`) : ''}`;
}

export function renderAgenda(view: AgendaView, style: TextStyle): string {
  const { chalk } = style;
  const total = view.days.reduce((n, d) => n + d.count, 0);
  const out = [`${chalk.bold(`${formatDayShort(view.from)} – ${formatDayLong(view.to)}`)} — ${plural(total, 'contact')}${view.owner ? chalk.dim(` (${view.owner})`) : ''}`];
  const width = nameColumn(view.days.flatMap((d) => d.items));
  for (const day of view.days) {
    out.push('', dayHeading(day, view.from, chalk, view.owner));
    for (const item of day.items) out.push(headline(item, style, width));
  }
  if (view.problems.length > 0) {
    out.push('', sectionTitle('Problems', view.problems.length, chalk), ...view.problems.flatMap((p) => problemLines(p, style)));
  }
  return out.join('\n') + '\n';
}

/** The binder at a glance: a month calendar with the load of each day. */
export function renderMonth(view: AgendaView, style: TextStyle): string {
  const { chalk } = style;
  const cell = 11;
  const out = [`${chalk.bold(`${formatDayShort(view.from)} – ${formatDayLong(view.to)}`)}${view.owner ? chalk.dim(` (${view.owner})`) : ''}`, ''];
  out.push(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => padEnd(d, cell)).join('').trimEnd());
  const weekdayIndex = (date: IsoDate) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  let row = ' '.repeat(cell * weekdayIndex(view.from));
  for (const day of view.days) {
    const label = `${Number(day.date.slice(8))}${day.date.slice(8) === '01' ? ` ${formatDayShort(day.date).slice(-3)}` : ''}`;
    const load = (day.count > 0 || day.workday ? `(${day.count})` : day.holiday ? 'hol' : '—') + (day.overloaded.length > 0 ? '!' : '');
    let text = padEnd(`${label} ${load}`, cell);
    if (day.overloaded.length > 0) text = chalk.red.bold(text);
    else if (!day.workday) text = chalk.dim(text);
    else if (day.date === view.from) text = chalk.inverse(text.trimEnd()) + ' '.repeat(cell - widthOf(text.trimEnd()));
    row += text;
    if (weekdayIndex(day.date) === 6) {
      out.push(row.trimEnd());
      row = '';
    }
  }
  if (row.trim() !== '') out.push(row.trimEnd());
  const over = view.days.filter((d) => d.overloaded.length > 0);
  out.push('', chalk.dim('day (contacts); — day off, hol holiday') + (over.length ? chalk.red(`; ! over capacity (${plural(over.length, 'day')})`) : ''));
  for (const day of over) {
    const who = day.overloaded.map((o) => `${o.owner} ${o.count}/${o.capacity}`).join(', ');
    out.push(chalk.red(`  ! ${formatDayShort(day.date)}: ${who}`) + chalk.dim(` (tickler rebalance --date ${day.date})`));
  }
  return out.join('\n') + '\n';
}
