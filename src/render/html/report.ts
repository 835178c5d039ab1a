// The report as one standalone HTML page: inline SVG charts, one inline style sheet, no script and
// nothing loaded from elsewhere; printable, and readable on a phone (the charts scale to the width).
// Every value from the book is escaped.
import type { Count, Named, Report } from '../../core/report.js';
import { formatDayLong, formatDayShort } from '../../core/dates.js';
import { periodLabel, series } from '../text/report.js';
import { escapeHtml as esc } from './escape.js';

const STYLE = `
body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#222;max-width:900px;margin:0 auto;padding:16px;line-height:1.4;overflow-wrap:anywhere}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.muted{color:#666}.figures{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0}
.figure{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}.figure b{display:block;font-size:22px}
svg{width:100%;max-width:640px;height:auto;display:block}svg text{font-size:12px;fill:#222}svg .bar{fill:#3b6fb6}svg .col{fill:#5a8fd6}
table.clients{border-collapse:collapse;width:100%;margin:8px 0}table.clients caption{text-align:left;color:#666}table.clients td{border-top:1px solid #eee;padding:3px 6px}
@media print{body{max-width:none}h2{break-after:avoid}.chart{break-inside:avoid}}
`;

/** Horizontal bars, one a row: label, bar, count. */
function barChart(title: string, rows: readonly Count[]): string {
  if (rows.length === 0) return `<p class="muted">${esc(title)}: none</p>`;
  const width = 420;
  const label = 140;
  const row = 22;
  const max = Math.max(...rows.map((r) => r.count), 1);
  const room = width - label - 50;
  const parts = rows.map((r, i) => {
    const y = i * row;
    const w = r.count > 0 ? Math.max(2, (r.count / max) * room) : 0;
    return `<text x="0" y="${y + 15}">${esc(r.key.length > 20 ? `${r.key.slice(0, 19)}…` : r.key)}</text><rect class="bar" x="${label}" y="${y + 4}" width="${w.toFixed(1)}" height="14"><title>${esc(`${r.key}: ${r.count}`)}</title></rect><text x="${(label + w + 6).toFixed(1)}" y="${y + 15}">${r.count}</text>`;
  });
  return `<div class="chart"><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${rows.length * row + 4}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg></div>`;
}

/** Columns over time: contacts per day (or per week for long periods). */
function timeChart(report: Report): string {
  const line = series(report.contacts.byDay, 120);
  const width = 420;
  const height = 120;
  const max = Math.max(...line.values, 1);
  const step = width / line.values.length;
  const cols = line.values.map((v, i) => {
    const h = (v / max) * (height - 20);
    return `<rect class="col" x="${(i * step + 1).toFixed(1)}" y="${(height - 16 - h).toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h.toFixed(1)}"><title>${esc(`${formatDayShort(line.starts[i]!)}: ${v}`)}</title></rect>`;
  });
  const first = `<text x="0" y="${height - 2}">${esc(formatDayShort(line.starts[0]!))}</text>`;
  const last = `<text x="${width}" y="${height - 2}" text-anchor="end">${esc(formatDayShort(line.starts.at(-1)!))}</text>`;
  return `<div class="chart"><svg role="img" aria-label="Contacts per ${line.unit}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${cols.join('')}${first}${last}<text x="${width}" y="10" text-anchor="end" class="muted">max ${max} a ${line.unit}</text></svg></div>`;
}

function clientTable(caption: string, rows: readonly Named[], fact: (n: Named) => string): string {
  const body = rows.map((n) => `<tr><td>${esc(n.name)}</td><td>${esc(n.owner ?? '')}</td><td>${esc(fact(n))}</td></tr>`).join('');
  return `<table class="clients"><caption>${esc(caption)}</caption><tbody>${body}</tbody></table>`;
}

function figure(label: string, value: string): string {
  return `<div class="figure"><b>${esc(value)}</b>${esc(label)}</div>`;
}

export function renderReportHtml(report: Report): string {
  const c = report.contacts;
  const k = report.complaints;
  const title = `Report ${periodLabel(report)}${report.owner ? ` (${report.owner})` : ''}`;
  const outcomes = Object.entries(c.byOutcome)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
  const share = report.cadence.share === null ? '—' : `${Math.round(report.cadence.share * 100)}%`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1>`,
    `<p class="muted">Made by tickler from the book; figures about today (overdue, dropped balls, cadence, open complaints, the funnel) are as of ${esc(formatDayLong(report.asOf))}.</p>`,
    '<div class="figures">',
    figure('contacts', String(c.total)),
    figure('clients contacted', String(c.clients)),
    figure('overdue today', String(report.overdue.count)),
    figure('dropped balls', String(report.unscheduled)),
    figure('cadence kept', share),
    figure('complaints open', String(k.open)),
    '</div>',
    `<h2>Contacts per ${series(c.byDay, 120).unit}</h2>`,
    timeChart(report),
    report.by === 'day' ? '' : `<h2>Contacts by ${esc(report.by === 'owner' ? 'person' : report.by)}</h2>${barChart(`Contacts by ${report.by}`, c.grouped)}`,
    report.by === 'outcome' ? '' : `<h2>Outcomes</h2>${barChart('Outcomes', outcomes)}`,
    `<h2>Stage funnel: active clients per stage today</h2>${barChart('Stage funnel', report.funnel.now)}`,
    `<p>Moves into a stage in the period (from ${report.funnel.movementsFrom === 'git' ? "the book's git history" : 'outcomes that set a stage'}): ${report.funnel.movements.length ? report.funnel.movements.map((m) => `${esc(m.key)} +${m.count}`).join(', ') : 'none'}.</p>`,
    `<h2>Overdue today: ${report.overdue.count}${report.overdue.count ? ` (oldest ${report.overdue.oldestDays} days)` : ''}</h2>`,
    report.overdue.count ? barChart('Overdue by age', report.overdue.byAge) : '',
    report.overdue.count ? clientTable('The oldest', report.overdue.oldest, (n) => `${n.days} days`) : '',
    `<h2>Dropped balls: ${report.unscheduled}</h2>`,
    report.droppedBalls.length ? clientTable('Active clients with no next contact', report.droppedBalls, (n) => n.stage ?? '') : '',
    '<h2>Complaints</h2>',
    `<p>${k.opened} opened and ${k.onTime + k.late} answered in the period (${k.onTime} on time, ${k.late} late); ${k.open} open today${k.openOverdue ? ` (${k.openOverdue} past due)` : ''}.</p>`,
    '</body></html>',
    '',
  ]
    .filter(Boolean)
    .join('\n');
}
