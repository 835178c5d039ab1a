// The planner of `rebalance` (SPEC 6.7): hand-built days, then properties that hold for any book.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { today as dayOfBook } from '../../src/core/agenda.js';
import { filingOf } from '../../src/core/filing.js';
import { parsePeriod } from '../../src/core/dates.js';
import type { Dossier, Priority } from '../../src/core/model.js';
import { planRebalance, type RebalancePlan } from '../../src/core/rebalance.js';
import { settingsFrom } from '../../src/core/settings.js';
import { runs } from '../fuzz.js';

const settings = settingsFrom({
  capacity: 3,
  team: { alice: { capacity: 2 }, bob: {}, carol: { capacity: 1 } },
  holidays: ['2026-11-25'],
});

const DAY = '2026-11-23'; // a Monday; Wednesday the 25th is a holiday

let counter = 0;
function dossier(fields: Partial<Dossier> & { name?: string } = {}): Dossier {
  const id = fields.id ?? `c${String(++counter).padStart(3, '0')}`;
  return { id, file: `clients/${id}.yaml`, name: id, priority: 'normal', tags: [], contacts: [], complaints: [], log: [], extra: {}, owner: 'alice', stage: 'negotiation', ...fields };
}
const on = (date: string, more: Partial<Dossier> = {}) => dossier({ next: { date }, ...more });
const contacted = (day: string) => [{ at: `${day}T10:00+01:00`, outcome: 'reached' }];
const plan = (book: Dossier[], more: Partial<Parameters<typeof planRebalance>[2]> = {}) => planRebalance(book, settings, { date: DAY, today: DAY, within: 10, ...more });
const moved = (p: RebalancePlan) => p.moves.map((m) => `${m.client}>${m.to}`);

describe('rebalance: which items move', () => {
  it('nothing when nobody is over capacity', () => {
    expect(plan([on(DAY), on(DAY)]).moves).toEqual([]);
  });

  it('low before normal before high; never a fixed-time item', () => {
    const book = [
      on(DAY, { id: 'high', priority: 'high' }),
      { ...on(DAY, { id: 'timed-low', priority: 'low' }), next: { date: DAY, time: '09:00' } },
      on(DAY, { id: 'low', priority: 'low' }),
      on(DAY, { id: 'normal' }),
    ];
    // alice: 4 items, capacity 2: two move, the untimed low first, then normal.
    expect(moved(plan(book))).toEqual(['low>2026-11-24', 'normal>2026-11-24']);
  });

  it('among equals: the least overdue first, then the most recently contacted, then the id', () => {
    const book = [
      on('2026-11-20', { id: 'old' }),
      on(DAY, { id: 'fresh-never' }),
      on(DAY, { id: 'fresh-recent', log: contacted('2026-11-19') }),
      on(DAY, { id: 'fresh-older', log: contacted('2026-11-02') }),
      on(DAY, { id: 'a-fresh-never' }),
    ];
    // capacity 2 of 5: three move: recent, older, then the never-contacted by id.
    expect(plan(book).moves.map((m) => m.client)).toEqual(['fresh-recent', 'fresh-older', 'a-fresh-never']);
  });

  it('into the earliest following working days with room, skipping holidays and weekends, within N working days', () => {
    const book = [
      ...Array.from({ length: 5 }, (_, i) => on(DAY, { id: `today-${i}`, priority: 'low' })),
      on('2026-11-24', { id: 'tue-1' }),
      on('2026-11-24', { id: 'tue-2' }),
    ];
    // Tuesday is full (2/2), Wednesday a holiday: Thursday takes two, Friday one.
    expect(moved(plan(book))).toEqual(['today-0>2026-11-26', 'today-1>2026-11-26', 'today-2>2026-11-27']);
    // Within one working day (Tuesday, full): nothing placed, all said.
    const tight = plan(book, { within: 1 });
    expect(tight.moves).toEqual([]);
    expect(tight.unplaced.map((u) => u.client)).toEqual(['today-0', 'today-1', 'today-2']);
    expect(tight.stillOver).toEqual([{ date: DAY, owner: 'alice', count: 5, capacity: 2 }]);
  });

  it('overdue items count on today, not on another --date; a cadence item moves too', () => {
    const cadence = dossier({ id: 'kept', cadence: parsePeriod('1w')!, log: contacted('2026-11-16'), priority: 'low' });
    const book = [on('2026-11-20', { id: 'late' }), on(DAY, { id: 'due' }), cadence];
    expect(filingOf(cadence, settings)).toEqual({ due: DAY, reason: 'cadence' });
    const p = plan(book);
    expect(p.moves.map((m) => [m.client, m.from, m.to, m.reason])).toEqual([['kept', DAY, '2026-11-24', 'cadence']]);
    // Seen from Tuesday as --date (today is still Monday): Tuesday has nothing of them.
    expect(plan(book, { date: '2026-11-24' }).moves).toEqual([]);
  });

  it("a covered client counts on the cover's day: the cover's load, not the owner's", () => {
    const covered = (id: string) => on(DAY, { id, cover: { by: 'carol', until: '2026-11-30' } });
    const book = [covered('x'), covered('y'), on(DAY, { id: 'mine' })];
    const p = plan(book);
    // carol (capacity 1) has two; alice has one (capacity 2): only carol's move.
    expect(p.moves.map((m) => [m.client, m.owner])).toEqual([['x', 'carol']]);
  });

  it('--days relieves the days after the date too, each into the days after it', () => {
    const book = [...Array.from({ length: 4 }, (_, i) => on(DAY, { id: `mon-${i}` })), ...Array.from({ length: 3 }, (_, i) => on('2026-11-24', { id: `tue-${i}` }))];
    expect(moved(plan(book))).toEqual(['mon-0>2026-11-26', 'mon-1>2026-11-26']);
    const two = plan(book, { days: 2 });
    expect(moved(two)).toEqual(['mon-0>2026-11-26', 'mon-1>2026-11-26', 'tue-0>2026-11-27']);
    expect(two.over.map((o) => [o.date, o.count])).toEqual([[DAY, 4], ['2026-11-24', 3]]);
  });

  it('--capacity replaces every capacity; --owner plans one member; a member without capacity is said', () => {
    const book = [on(DAY, { id: 'a1' }), on(DAY, { id: 'a2' }), on(DAY, { id: 'b1', owner: 'bob' }), on(DAY, { id: 'b2', owner: 'bob' })];
    expect(plan(book, { capacity: 1 }).moves.map((m) => m.client)).toEqual(['a1', 'b1']);
    expect(plan(book, { capacity: 1, owner: 'bob' }).moves.map((m) => m.client)).toEqual(['b1']);
    const bare = settingsFrom({ team: { dan: {} } });
    expect(planRebalance([on(DAY, { owner: 'dan' })], bare, { date: DAY, today: DAY, within: 10 }).noCapacity).toEqual(['dan']);
  });
});

// ---- properties ----

const PRIORITY: Priority[] = ['high', 'normal', 'low'];
const MEMBERS = ['alice', 'bob', 'carol'];
const dates = ['2026-11-18', '2026-11-20', DAY, '2026-11-24', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02'];

const bookArb = fc.array(
  fc.record({
    date: fc.constantFrom(...dates),
    time: fc.option(fc.constantFrom('09:00', '14:30'), { freq: 4, nil: undefined }),
    priority: fc.constantFrom(...PRIORITY),
    owner: fc.constantFrom(...MEMBERS),
    cover: fc.option(fc.record({ by: fc.constantFrom(...MEMBERS), until: fc.constantFrom(DAY, '2026-11-26', '2026-12-31') }), { freq: 5, nil: undefined }),
    last: fc.option(fc.constantFrom('2026-10-01', '2026-11-10', '2026-11-19'), { nil: undefined }),
  }),
  { maxLength: 40 },
).map((rows) =>
  rows.map((r, i) =>
    dossier({
      id: `p${String(i).padStart(2, '0')}`,
      owner: r.owner,
      priority: r.priority,
      next: { date: r.date, ...(r.time ? { time: r.time } : {}) },
      ...(r.cover ? { cover: r.cover } : {}),
      log: r.last ? contacted(r.last) : [],
    }),
  ),
);
const limitsArb = fc.record({ capacity: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), within: fc.integer({ min: 1, max: 8 }), days: fc.integer({ min: 1, max: 3 }) });

/** The book after the plan is applied: each moved client's next on its new day. */
function applied(book: Dossier[], p: RebalancePlan): Dossier[] {
  const to = new Map(p.moves.map((m) => [m.client, m.to]));
  return book.map((d) => (to.has(d.id) ? { ...d, next: { ...d.next!, date: to.get(d.id)! } } : d));
}

describe('rebalance: properties over random books', () => {
  it('never moves a fixed-time item; nothing dropped or duplicated; no target day over capacity; deterministic; applying it leaves nothing to move', () => {
    fc.assert(
      fc.property(bookArb, limitsArb, (book, limits) => {
        const request = { ...(limits.capacity !== undefined ? { capacity: limits.capacity } : {}), within: limits.within, days: limits.days };
        const p = plan(book, request);
        const byId = new Map(book.map((d) => [d.id, d]));
        const ids = p.moves.map((m) => m.client);
        expect(new Set(ids).size).toBe(ids.length);
        for (const m of p.moves) {
          const d = byId.get(m.client)!;
          expect(d.next?.time).toBeUndefined();
          expect(m.from).toBe(d.next!.date);
          expect(m.to > m.day).toBe(true);
        }
        for (const u of p.unplaced) expect(ids).not.toContain(u.client);
        // No target day goes over anyone's capacity that was not over it already.
        const after = applied(book, p);
        for (const day of new Set(p.moves.map((m) => m.to))) {
          const before = dayOfBook(book, settings, day, {});
          const then = dayOfBook(after, settings, day, {});
          for (const load of then.loads) {
            const cap = request.capacity ?? load.capacity;
            const was = before.loads.find((l) => l.owner === load.owner)?.count ?? 0;
            if (load.count > was) expect(load.count).toBeLessThanOrEqual(cap);
          }
        }
        // Every item is still somewhere: the same clients, the same count on the dividers overall.
        expect(after.map((d) => d.id)).toEqual(book.map((d) => d.id));
        // Deterministic, whatever the order of the dossiers.
        expect(plan([...book].reverse(), request)).toEqual(p);
        // Applied, then planned again: nothing moves.
        expect(plan(after, request).moves).toEqual([]);
      }),
      { numRuns: runs(300) },
    );
  });
});
