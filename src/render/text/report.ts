// The report on a terminal and as Markdown: bar charts and a sparkline made of block characters,
// aligned, readable without colour, within the width (80 columns off a terminal).
import type { ChalkInstance } from 'chalk';
import type { Count, Named, Report } from '../../core/report.js';
import { addDays, formatDayLong, formatDayShort, type IsoDate } from '../../core/dates.js';
import { clean } from '../../core/text.js';
import { padEnd, truncate, widthOf, wrap } from './layout.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A bar of `value` out of `max` in `width` cells, to the eighth of a cell; at least a sliver when not zero. */
export function bar(value: number, max: number, width: number): string {
  if (value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/** One character a value: the taller, the more; a dot for none. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (v <= 0 || max === 0 ? '·' : SPARKS[Math.min(7, Math.ceil((v / max) * 8) - 1)])).join('');
}

/** Days, or weeks (from the first day) when there are more than fit: [label of the first, values]. */
export function series(byDay: Record<IsoDate, number>, room: number): { unit: 'day' | 'week'; starts: IsoDate[]; values: number[] } {
  const days = Object.keys(byDay).sort();
  if (days.length <= room) return { unit: 'day', starts: days, values: days.map((d) => byDay[d]!) };
  const starts: IsoDate[] = [];
  const values: number[] = [];
  for (let i = 0; i < days.length; i += 7) {
    starts.push(days[i]!);
    values.push(days.slice(i, i + 7).reduce((sum, d) => sum + byDay[d]!, 0));
  }
  return { unit: 'week', starts, values };
}

/** Contacts a day for up to five weeks, a week up to half a year, else a month. */
function periods(byDay: Record<IsoDate, number>): Count[] {
  const days = Object.keys(byDay).sort();
  if (days.length > 26 * 7) {
    const months = new Map<string, number>();
    for (const day of days) {
      const label = formatDayLong(`${day.slice(0, 7)}-01`).slice(-8);
      months.set(label, (months.get(label) ?? 0) + byDay[day]!);
    }
    return [...months].map(([key, count]) => ({ key, count }));
  }
  const line = series(byDay, 35);
  return line.starts.map((start, i) => ({ key: `${line.unit === 'week' ? 'week of ' : ''}${formatDayShort(start)}`, count: line.values[i]! }));
}

function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

function bars(rows: readonly Count[], columns: number, chalk: ChalkInstance, indent = '    '): string[] {
  if (rows.length === 0) return [`${indent}(none)`];
  const labels = Math.min(20, Math.max(...rows.map((r) => widthOf(clean(r.key)))));
  const numbers = Math.max(...rows.map((r) => String(r.count).length));
  const room = Math.min(50, Math.max(10, columns - indent.length - labels - 2 - numbers - 2));
  const max = Math.max(...rows.map((r) => r.count));
  return rows.map((r) => `${indent}${padEnd(truncate(clean(r.key), labels), labels)}  ${String(r.count).padStart(numbers)}  ${chalk.cyan(bar(r.count, max, room))}`.trimEnd());
}

/** Clients in a list: name, owner, and one fact; aligned. */
function clientLines(rows: readonly Named[], columns: number, fact: (n: Named) => string): string[] {
  const width = Math.min(36, Math.max(0, ...rows.map((n) => widthOf(clean(n.name)))));
  const owners = Math.min(16, Math.max(0, ...rows.map((n) => widthOf(clean(n.owner ?? '')))));
  return rows.map((n) => truncate(`    ${padEnd(truncate(clean(n.name), width), width)}  ${padEnd(truncate(clean(n.owner ?? ''), owners), owners)}  ${clean(fact(n))}`, columns).trimEnd());
}

const TITLES: Record<Report['by'], string> = { owner: 'by person', stage: "by the client's stage", outcome: 'by outcome', day: 'by day' };

/** "Mon 16 Nov – Sun 22 Nov 2026", with the first year too when the period spans two. */
export function periodLabel(report: Pick<Report, 'from' | 'to'>): string {
  return `${report.from.slice(0, 4) === report.to.slice(0, 4) ? formatDayShort(report.from) : formatDayLong(report.from)} – ${formatDayLong(report.to)}`;
}

export function renderReportText(report: Report, style: { chalk: ChalkInstance; columns: number }): string {
  const { chalk, columns } = style;
  const out: string[] = [];
  const title = (text: string) => out.push('', chalk.bold(text));
  out.push(`${chalk.bold(`Report ${periodLabel(report)}`)}${report.owner ? chalk.dim(` (${report.owner})`) : ''}`);

  const c = report.contacts;
  title(`Contacts: ${c.total}, with ${c.clients} client${c.clients === 1 ? '' : 's'}`);
  if (report.by !== 'day') {
    out.push(chalk.dim(`  ${TITLES[report.by]}`), ...bars(c.grouped, columns, chalk));
  }
  const line = series(c.byDay, columns - 16);
  out.push(chalk.dim(`  per ${line.unit}`), `    ${sparkline(line.values)}`);
  out.push(chalk.dim(`    ${formatDayShort(line.starts[0]!)} … ${formatDayShort(line.unit === 'day' ? line.starts.at(-1)! : addDays(line.starts.at(-1)!, 6) > report.to ? report.to : addDays(line.starts.at(-1)!, 6))}; busiest ${Math.max(0, ...line.values)}`));
  if (report.by === 'day') out.push(...bars(periods(c.byDay), columns, chalk));
  if (report.by !== 'outcome') out.push(chalk.dim('  by outcome'), ...bars(Object.entries(c.byOutcome).map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)), columns, chalk));

  title('Stage funnel: active clients per stage today');
  out.push(...bars(report.funnel.now, columns, chalk));
  const source = report.funnel.movementsFrom === 'git' ? "the book's git history" : 'outcomes that set a stage';
  out.push(...wrap(`moves into a stage in the period (from ${source}): ${report.funnel.movements.length ? report.funnel.movements.map((m) => `${m.key} +${m.count}`).join(', ') : 'none'}`, columns, '    ').map((l, i) => `${i === 0 ? '  ' : '    '}${l}`));

  title(`Overdue today: ${report.overdue.count}${report.overdue.count ? ` (oldest ${report.overdue.oldestDays} day${report.overdue.oldestDays === 1 ? '' : 's'})` : ''}`);
  if (report.overdue.count) {
    out.push(...bars(report.overdue.byAge, columns, chalk));
    out.push(chalk.dim('  the oldest'), ...clientLines(report.overdue.oldest.slice(0, 5), columns, (n) => `${n.days} days`));
  }
  out.push('', `${chalk.bold('Dropped balls:')} ${report.unscheduled} active client${report.unscheduled === 1 ? '' : 's'} with no next contact`);
  out.push(...clientLines(report.droppedBalls.slice(0, 5), columns, (n) => n.stage ?? ''));
  const cad = report.cadence;
  out.push(`${chalk.bold('Cadence kept:')} ${cad.clients ? `${cad.kept} of ${cad.clients} clients on a cadence (${percent(cad.share)})` : 'no client has a cadence'}`);
  const k = report.complaints;
  const said = `Complaints: ${k.opened} opened and ${k.onTime + k.late} answered in the period (${k.onTime} on time, ${k.late} late); ${k.open} open today${k.openOverdue ? ` (${k.openOverdue} past due)` : ''}`;
  out.push(...wrap(said, columns, '  ').map((l, i) => (i === 0 ? l.replace(/^Complaints:/, chalk.bold('Complaints:')) : `  ${l}`)));
  return out.map((l) => l.trimEnd()).join('\n') + '\n';
}

/** Markdown for pasting: the same figures as tables, the per-day line as a sparkline. */
export function renderReportMarkdown(report: Report): string {
  const cell = (text: string) => clean(text).replace(/[|\\`*_[\]<>]/g, (ch) => `\\${ch}`);
  const table = (head: [string, string], rows: readonly Count[]) => [`| ${head[0]} | ${head[1]} |`, '|---|---:|', ...rows.map((r) => `| ${cell(r.key)} | ${r.count} |`)].join('\n');
  const c = report.contacts;
  const line = series(c.byDay, 60);
  const k = report.complaints;
  return [
    `# Report ${periodLabel(report)}${report.owner ? ` (${cell(report.owner)})` : ''}`,
    '',
    `**Contacts:** ${c.total}, with ${c.clients} clients. Per ${line.unit}: \`${sparkline(line.values)}\``,
    '',
    table([report.by === 'day' ? 'Day' : TITLES[report.by].replace(/^by (the client's )?/, '').replace(/^./, (ch) => ch.toUpperCase()), 'Contacts'], report.by === 'day' ? periods(c.byDay) : c.grouped),
    '',
    ...(report.by === 'outcome' ? [] : [table(['Outcome', 'Contacts'], Object.entries(c.byOutcome).map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))), '']),
    '## Stage funnel (active clients today)',
    '',
    table(['Stage', 'Clients'], report.funnel.now),
    '',
    `Moves into a stage in the period (from ${report.funnel.movementsFrom === 'git' ? "the book's git history" : 'outcomes that set a stage'}): ${report.funnel.movements.length ? report.funnel.movements.map((m) => `${cell(m.key)} +${m.count}`).join(', ') : 'none'}.`,
    '',
    '## Today',
    '',
    `- **Overdue:** ${report.overdue.count}${report.overdue.count ? ` (oldest ${report.overdue.oldestDays} days: ${report.overdue.oldest.slice(0, 5).map((n) => `${cell(n.name)} ${n.days}`).join(', ')})` : ''}`,
    `- **Dropped balls:** ${report.unscheduled}${report.droppedBalls.length ? ` (${report.droppedBalls.map((n) => cell(n.name)).join(', ')})` : ''}`,
    `- **Cadence kept:** ${report.cadence.clients ? `${report.cadence.kept} of ${report.cadence.clients} (${percent(report.cadence.share)})` : 'no client has a cadence'}`,
    `- **Complaints:** ${k.opened} opened and ${k.onTime + k.late} answered in the period (${k.onTime} on time, ${k.late} late); ${k.open} open${k.openOverdue ? ` (${k.openOverdue} past due)` : ''}`,
    '',
  ].join('\n');
}
