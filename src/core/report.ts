// The manager's report (SPEC 6.12), computed from whole dossiers and their logs. Pure. Only real
// contacts count as contacts (not `rescheduled`, `handover` or notes); the state of the book
// (overdue, dropped balls, cadence, open complaints) is taken as of the report's last day, or
// today when the period runs on past it.
import { addDays, addPeriod, daysBetween, weekdayOf, workdayOnOrAfter, type IsoDate } from './dates.js';
import { filingOf, isDropped } from './filing.js';
import { dayOf, isClosed, isContact, lastContact, responsibleOn, type Dossier, type Settings } from './model.js';

export type ReportBy = 'owner' | 'stage' | 'outcome' | 'day';

export interface ReportRequest {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  by: ReportBy;
  /** Only this member's contacts and clients. */
  owner?: string;
}

export interface Count {
  key: string;
  count: number;
}

/** A client named in a list of the report. */
export interface Named {
  client: string;
  name: string;
  owner: string | null;
  stage: string | null;
  /** Days overdue (in the overdue list). */
  days?: number;
}

const LISTED = 20;

export interface Report {
  from: IsoDate;
  to: IsoDate;
  /** The day the book's state is read on (today). */
  asOf: IsoDate;
  owner: string | null;
  by: ReportBy;
  contacts: {
    total: number;
    byOwner: Record<string, number>;
    byOutcome: Record<string, number>;
    byDay: Record<IsoDate, number>;
    byStage: Record<string, number>;
    /** Contacts grouped by `by`, largest first. */
    grouped: Count[];
    /** Clients contacted at least once in the period. */
    clients: number;
  };
  funnel: {
    /** Active clients per stage now, in the order of `stages`. */
    now: Count[];
    /** Moves into a stage in the period: from the book's git history, or else from outcomes whose rule sets a stage (won → contract). */
    movements: Count[];
    movementsFrom: 'git' | 'outcomes';
  };
  overdue: { count: number; oldestDays: number; byAge: Count[]; oldest: Named[] };
  unscheduled: number;
  /** The dropped balls by name (the first 20). */
  droppedBalls: Named[];
  cadence: { clients: number; kept: number; share: number | null };
  /**
   * Opened in the period; answered in the period by the day promised (onTime) or after it (late);
   * open today, and of those past the day promised.
   */
  complaints: { opened: number; onTime: number; late: number; open: number; openOverdue: number };
}

const AGE_BUCKETS: [string, number][] = [
  ['1-2 days', 2],
  ['3-7 days', 7],
  ['8-30 days', 30],
  ['over 30 days', Infinity],
];

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

function counts(map: Record<string, number>): Count[] {
  return Object.entries(map)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

/** The last full week (Monday to Sunday) before `today`'s week. */
export function lastFullWeek(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const back = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).indexOf(weekdayOf(today) as 'mon');
  const monday = addDays(today, -back - 7);
  return { from: monday, to: addDays(monday, 6) };
}

/** Whether the client is `owner`'s today: theirs and not covered, or covered by them. */
function inScope(dossier: Dossier, owner: string | undefined, today: IsoDate): boolean {
  return owner === undefined || responsibleOn(dossier, today) === owner;
}

/** `history`: the moves into each stage the book's git history shows for the period, when it can. */
export function buildReport(dossiers: readonly Dossier[], settings: Settings, request: ReportRequest, history?: ReadonlyMap<string, number>): Report {
  const { from, to, owner } = request;
  const asOf = request.today;
  const byOwner: Record<string, number> = {};
  const byOutcome: Record<string, number> = {};
  const byStage: Record<string, number> = {};
  const byDay: Record<IsoDate, number> = {};
  for (let day = from; day <= to; day = addDays(day, 1)) byDay[day] = 0;
  const movements: Record<string, number> = {};
  const stageNow: Record<string, number> = {};
  const ages: Record<string, number> = {};
  const late: Named[] = [];
  const dropped: Named[] = [];
  const named = (d: Dossier): Named => ({ client: d.id, name: d.name, owner: d.owner ?? null, stage: d.stage ?? null });
  let total = 0;
  let contacted = 0;
  let overdue = 0;
  let oldest = 0;
  let unscheduled = 0;
  const cadence = { clients: 0, kept: 0 };
  const complaints = { opened: 0, onTime: 0, late: 0, open: 0, openOverdue: 0 };

  for (const dossier of dossiers) {
    // Contacts made in the period (by the member, with --owner).
    let any = false;
    for (const entry of dossier.log) {
      const day = dayOf(entry.at);
      if (day < from || day > to) continue;
      if (owner !== undefined && (entry.by ?? dossier.owner) !== owner) continue;
      const stage = entry.outcome !== undefined ? settings.outcomes.get(entry.outcome)?.stage : undefined;
      if (stage !== undefined) bump(movements, stage);
      if (!isContact(entry)) continue;
      total++;
      any = true;
      bump(byOwner, entry.by ?? dossier.owner ?? '(nobody)');
      bump(byOutcome, entry.outcome ?? '(none)');
      bump(byStage, dossier.stage ?? '(none)');
      byDay[day] = (byDay[day] ?? 0) + 1;
    }
    if (any) contacted++;
    if (!inScope(dossier, owner, asOf)) continue;

    // The book's state today.
    const closed = isClosed(dossier, settings);
    if (!closed) bump(stageNow, dossier.stage ?? '(none)');
    const filing = filingOf(dossier, settings);
    if (filing && filing.due < asOf) {
      const age = daysBetween(filing.due, asOf);
      overdue++;
      oldest = Math.max(oldest, age);
      bump(ages, AGE_BUCKETS.find(([, max]) => age <= max)![0]);
      late.push({ ...named(dossier), days: age });
    }
    if (isDropped(dossier, settings)) {
      unscheduled++;
      dropped.push(named(dossier));
    }
    if (dossier.cadence && !closed) {
      cadence.clients++;
      const last = lastContact(dossier);
      if (last && workdayOnOrAfter(addPeriod(dayOf(last.at), dossier.cadence, settings.calendar), settings.calendar) >= asOf) cadence.kept++;
    }
    for (const complaint of dossier.complaints) {
      if (complaint.opened >= from && complaint.opened <= to) complaints.opened++;
      // Answered in the period: by the day promised (or with none promised), or after it.
      const resolved = complaint.resolved;
      if (resolved !== undefined && resolved >= from && resolved <= to) {
        if (complaint.due === undefined || resolved <= complaint.due) complaints.onTime++;
        else complaints.late++;
      }
      if (complaint.opened <= asOf && (complaint.resolved === undefined || complaint.resolved > asOf)) {
        complaints.open++;
        if (complaint.due !== undefined && complaint.due < asOf) complaints.openOverdue++;
      }
    }
  }

  const grouped = request.by === 'owner' ? byOwner : request.by === 'outcome' ? byOutcome : request.by === 'stage' ? byStage : byDay;
  const order = (keys: readonly string[]) => (a: Count, b: Count) => keys.indexOf(a.key) - keys.indexOf(b.key);
  return {
    from,
    to,
    asOf,
    owner: owner ?? null,
    by: request.by,
    contacts: {
      total,
      byOwner,
      byOutcome,
      byDay,
      byStage,
      grouped: request.by === 'day' ? Object.entries(byDay).map(([key, count]) => ({ key, count })) : counts(grouped),
      clients: contacted,
    },
    funnel: {
      now: counts(stageNow).sort(order([...settings.stages, '(none)'])),
      movements: counts(history ? Object.fromEntries(history) : movements).sort(order(settings.stages)),
      movementsFrom: history ? 'git' : 'outcomes',
    },
    overdue: {
      count: overdue,
      oldestDays: oldest,
      byAge: AGE_BUCKETS.map(([key]) => ({ key, count: ages[key] ?? 0 })),
      oldest: late.sort((a, b) => b.days! - a.days! || (a.client < b.client ? -1 : 1)).slice(0, LISTED),
    },
    unscheduled,
    droppedBalls: dropped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, LISTED),
    cadence: { ...cadence, share: cadence.clients > 0 ? cadence.kept / cadence.clients : null },
    complaints,
  };
}
