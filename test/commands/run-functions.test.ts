// Commands' run functions called directly with an in-memory context (no process, no argv): each
// computes one value from the book, which the renderers then print.
import { describe, expect, it } from 'vitest';
import { runAgenda } from '../../src/cli/commands/agenda.js';
import { runToday } from '../../src/cli/commands/today.js';
import { runValidate } from '../../src/cli/commands/validate.js';
import { copyBook, memoryContext } from '../helpers.js';

const basic = copyBook('basic');
const broken = copyBook('broken');

describe('run functions', () => {
  it('runToday: the day of the basic book, and one member\'s', async () => {
    const { ctx } = memoryContext();
    const day = await runToday(ctx, { book: basic, today: '2026-11-23' });
    expect(day.items).toHaveLength(15);
    expect(day.overloaded).toEqual([{ owner: 'alice', count: 5, capacity: 4 }]);
    expect(day.problems).toEqual([]);
    const bob = await runToday(ctx, { book: basic, today: '2026-11-23', owner: 'bob' });
    expect(bob.owner).toBe('bob');
    expect(bob.items.map((i) => i.client)).toEqual(['baltic-timber', 'widok-hotel', 'kaunas-dairy', 'atlas-okna']);
  });

  it('runToday: the clock and the book\'s time zone decide "today" when none is given', async () => {
    // 23:30 UTC on Sunday 22 Nov is already Monday in Warsaw (the book's zone)
    const { ctx } = memoryContext({ now: () => new Date('2026-11-22T23:30:00Z') });
    expect((await runToday(ctx, { book: basic })).date).toBe('2026-11-23');
  });

  it('runAgenda: seven days from today, today with the overdue', async () => {
    const { ctx } = memoryContext();
    const view = await runAgenda(ctx, { book: basic, today: '2026-11-23' });
    expect(view.days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(view.days[0]!.count).toBe(15);
    expect(view.days[5]!.workday).toBe(false);
  });

  it('runValidate: every problem of the broken book, and those of named files only', async () => {
    const { ctx } = memoryContext({ cwd: broken });
    const whole = await runValidate(ctx, [], { book: broken, today: '2026-11-23' });
    expect(whole.errors).toBeGreaterThan(10);
    expect(new Set(whole.problems.map((p) => p.file)).size).toBeGreaterThan(8);
    const one = await runValidate(ctx, ['clients/bad-date.yaml'], { book: broken, today: '2026-11-23' });
    expect(one.files).toBe(1);
    expect(one.problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).toEqual(['10:9 impossible-date']);
    // a pattern the shell left alone, and a folder
    expect((await runValidate(ctx, ['clients/b*.yaml'], { book: broken, today: '2026-11-23' })).files).toBe(1);
    expect((await runValidate(ctx, ['clients'], { book: broken, today: '2026-11-23' })).files).toBe(whole.files - 1);
  });
});
