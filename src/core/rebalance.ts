// Planning the day (SPEC 6.7): when a member's day holds more than their capacity, which items move
// and where. Pure and deterministic: the same book, date and limits give the same plan.
//
// The rules: fixed-time items never move; low priority goes before normal before high; among
// equals, the least overdue and then the most recently contacted first; each into the earliest
// following working day (within `within` working days) where whoever is responsible for the client
// that day still has room. A covered client counts on the cover's day. What finds no room is
// reported, never dropped.
import { addDays, daysBetween, formatDayShort, isWorkday, type IsoDate } from './dates.js';
import { filingOf, type ItemReason } from './filing.js';
import { PRIORITIES, capacityOf, dayOf, lastContact, responsibleOn, type Dossier, type Settings } from './model.js';

export interface RebalanceRequest {
  /** The day to relieve; when it is `today`, its overdue items count on it. */
  date: IsoDate;
  today: IsoDate;
  /** One member, or every member with a capacity. */
  owner?: string;
  /** Instead of each member's (or the book's) capacity. */
  capacity?: number;
  /** How many following working days may take items (default 10). */
  within: number;
  /** How many days to relieve: the date and the working days after it (default 1). */
  days?: number;
}

export interface Move {
  client: string;
  name: string;
  /** Whose load it was on the day relieved. */
  owner: string;
  /** The day relieved (today for an overdue item). */
  day: IsoDate;
  from: IsoDate;
  to: IsoDate;
  /** Whose load it is on its new day (the owner, or a cover). */
  toMember: string;
  reason: ItemReason;
  why: string;
}

export interface Unplaced {
  client: string;
  name: string;
  owner: string;
  reason: string;
}

/** A member over capacity on a day relieved (before the plan, or still after it: fixed-time items, or no room). */
export interface StillOver {
  /** The day relieved. */
  date: IsoDate;
  owner: string;
  count: number;
  capacity: number;
}

export interface RebalancePlan {
  date: IsoDate;
  /** The working days that may take items, in order. */
  window: IsoDate[];
  /** The members over capacity on the day, before the plan. */
  over: StillOver[];
  moves: Move[];
  unplaced: Unplaced[];
  stillOver: StillOver[];
  /** Members asked for who have no capacity set (nothing to plan against). */
  noCapacity: string[];
}

interface Item {
  dossier: Dossier;
  due: IsoDate;
  reason: ItemReason;
  member: string;
}

/** The next `count` working days after `date`. */
export function followingWorkdays(date: IsoDate, count: number, settings: Settings): IsoDate[] {
  const days: IsoDate[] = [];
  // (a calendar with no working day at all gives none, after a year of looking)
  for (let day = addDays(date, 1), looked = 0; days.length < count && looked < 366 + count * 7; day = addDays(day, 1), looked++) {
    if (isWorkday(day, settings.calendar)) days.push(day);
  }
  return days;
}

function limitOf(settings: Settings, member: string, request: RebalanceRequest): number | undefined {
  return request.capacity ?? capacityOf(settings, member);
}

/** The order in which a day's movable items go: low first, the least overdue, the most recently contacted, then by id. */
function moveOrder(date: IsoDate): (a: Item, b: Item) => number {
  const contacted = (item: Item) => {
    const last = lastContact(item.dossier);
    return last ? dayOf(last.at) : '';
  };
  return (a, b) =>
    PRIORITIES.indexOf(b.dossier.priority) - PRIORITIES.indexOf(a.dossier.priority) ||
    daysBetween(a.due, date) - daysBetween(b.due, date) ||
    (contacted(a) < contacted(b) ? 1 : contacted(a) > contacted(b) ? -1 : 0) ||
    (a.dossier.id < b.dossier.id ? -1 : a.dossier.id > b.dossier.id ? 1 : 0);
}

export function planRebalance(dossiers: readonly Dossier[], settings: Settings, request: RebalanceRequest): RebalancePlan {
  const { date } = request;
  // The days to relieve: the date, then (with `days`) the working days after it.
  const relieved = [date, ...followingWorkdays(date, (request.days ?? 1) - 1, settings)];
  const window = followingWorkdays(date, request.within, settings);
  const last = followingWorkdays(relieved[relieved.length - 1]!, request.within, settings).at(-1) ?? date;
  // Every item's day and whose load it is that day; the load of each member on each day.
  const onDay = new Map<IsoDate, Item[]>(relieved.map((day) => [day, []]));
  const load = new Map<string, number>();
  const key = (member: string, day: IsoDate) => `${member}\u0000${day}`;
  for (const dossier of dossiers) {
    const filing = filingOf(dossier, settings);
    if (!filing || filing.due > last) continue;
    const day = filing.due < date ? (date === request.today ? date : undefined) : filing.due;
    if (day === undefined) continue;
    const member = responsibleOn(dossier, day);
    if (member === undefined) continue;
    load.set(key(member, day), (load.get(key(member, day)) ?? 0) + 1);
    onDay.get(day)?.push({ dossier, due: filing.due, reason: filing.reason, member });
  }

  const everyone = [...onDay.values()].flat().map((i) => i.member);
  const members = request.owner !== undefined ? [request.owner] : [...new Set([...settings.team.keys(), ...everyone])].sort();
  const plan: RebalancePlan = { date, window, over: [], moves: [], unplaced: [], stillOver: [], noCapacity: [] };
  for (const member of members) if (limitOf(settings, member, request) === undefined) plan.noCapacity.push(member);
  for (const day of relieved) {
    const targets = followingWorkdays(day, request.within, settings);
    for (const member of members) {
      const capacity = limitOf(settings, member, request);
      if (capacity === undefined) continue;
      let count = load.get(key(member, day)) ?? 0;
      if (count <= capacity) continue;
      plan.over.push({ date: day, owner: member, count, capacity });
      const movable = onDay
        .get(day)!
        .filter((i) => i.member === member && !(i.reason === 'scheduled' && i.dossier.next?.time))
        .sort(moveOrder(day));
      // (as many as the day holds too many; one that finds no room stays, said, in the place of another)
      let excess = count - capacity;
      for (const item of movable) {
        if (excess === 0) break;
        excess--;
        const target = targets.find((candidate) => {
          const who = responsibleOn(item.dossier, candidate);
          if (who === undefined) return false;
          const room = limitOf(settings, who, request);
          return room === undefined || (load.get(key(who, candidate)) ?? 0) < room;
        });
        if (target === undefined) {
          plan.unplaced.push({ client: item.dossier.id, name: item.dossier.name, owner: member, reason: `no working day in the ${targets.length} after ${formatDayShort(day)} with room` });
          continue;
        }
        const who = responsibleOn(item.dossier, target)!;
        load.set(key(who, target), (load.get(key(who, target)) ?? 0) + 1);
        count--;
        const overdue = daysBetween(item.due, day);
        const contact = lastContact(item.dossier);
        const facts = [
          `${item.dossier.priority} priority`,
          overdue > 0 ? `${overdue} day${overdue === 1 ? '' : 's'} overdue` : null,
          item.reason === 'cadence' ? 'keep in touch' : contact ? `last contact ${formatDayShort(dayOf(contact.at))}` : 'not contacted yet',
        ].filter(Boolean).join(', ');
        plan.moves.push({
          client: item.dossier.id,
          name: item.dossier.name,
          owner: member,
          day,
          from: item.due,
          to: target,
          toMember: who,
          reason: item.reason,
          why: `${facts}${who !== member ? `; ${who} has it then` : ''}`,
        });
      }
      load.set(key(member, day), count);
      if (count > capacity) plan.stillOver.push({ date: day, owner: member, count, capacity });
    }
  }
  return plan;
}
