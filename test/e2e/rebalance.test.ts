// `tickler rebalance --apply` on the files: every move written under one lock with its log entry,
// the rest of each dossier byte for byte as it was, and a second plan that moves nothing.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, copyBook } from '../helpers.js';

const TODAY = '2026-11-23';
const env = { TICKLER_NOW: '2026-11-23T07:45:00Z', TICKLER_USER: 'alice' };
const files = (dir: string) => new Map(readdirSync(join(dir, 'clients')).map((f) => [f, readFileSync(join(dir, 'clients', f), 'utf8')]));

describe('rebalance --apply', () => {
  it('writes each planned move with a rescheduled entry (reason rebalance), touches nothing else, and leaves nothing to move', () => {
    const dir = copyBook('basic');
    const before = files(dir);
    const planned = JSON.parse(cli(['rebalance', '--capacity', '2', '--format', 'json', '--today', TODAY], { cwd: dir, env }).out);
    expect(planned.moves.length).toBeGreaterThan(3);
    const run = cli(['rebalance', '--capacity', '2', '--apply', '--format', 'json', '--today', TODAY], { cwd: dir, env });
    expect(run.code, run.err).toBe(0);
    const done = JSON.parse(run.out);
    expect(done.applied).toBe(true);
    expect(done.moves).toEqual(planned.moves);
    const after = files(dir);
    const movedFiles = new Set(done.moves.map((m: { client: string }) => `${m.client}.yaml`));
    for (const [file, text] of before) {
      if (!movedFiles.has(file)) {
        expect(after.get(file), file).toBe(text);
        continue;
      }
      const move = done.moves.find((m: { client: string }) => `${m.client}.yaml` === file);
      const data = parse(after.get(file)!);
      expect(data.next.date).toBe(move.to);
      expect(data.log.at(-1)).toEqual({ at: '2026-11-23T08:45+01:00', by: 'alice', outcome: 'rescheduled', from: move.from, to: move.to, reason: 'rebalance' });
      // Only the date and the entry changed: the old text minus the old date line is in the new one.
      const old = text.split('\n').filter((line) => !/^\s+date: /.test(line) && line !== '');
      const kept = after.get(file)!.split('\n');
      for (const line of old) expect(kept, `${file}: ${line}`).toContain(line);
    }
    const again = JSON.parse(cli(['rebalance', '--capacity', '2', '--format', 'json', '--today', TODAY], { cwd: dir, env }).out);
    expect(again.moves).toEqual([]);
    expect(cli(['validate', '--today', TODAY], { cwd: dir, env }).code).toBe(0);
    // The day is now within capacity for every member, but for fixed-time appointments.
    const day = JSON.parse(cli(['today', '--format', 'json', '--today', TODAY], { cwd: dir, env }).out);
    for (const load of day.loads) {
      const timed = day.items.filter((i: { owner: string; coveredBy: string | null; time: string | null }) => (i.coveredBy ?? i.owner) === load.owner && i.time).length;
      expect(load.count).toBeLessThanOrEqual(Math.max(2, timed));
    }
  });

  it('a plan writes nothing; --apply needs to know who writes; bad numbers are usage errors', () => {
    const dir = copyBook('basic');
    const before = files(dir);
    expect(cli(['rebalance', '--capacity', '1', '--today', TODAY], { cwd: dir, env }).code).toBe(0);
    expect(files(dir)).toEqual(before);
    const anonymous = cli(['rebalance', '--capacity', '1', '--apply', '--today', TODAY], { cwd: dir, env: { TICKLER_NOW: env.TICKLER_NOW } });
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toMatch(/cannot tell who you are|is not the e-mail of any team member/);
    expect(files(dir)).toEqual(before);
    expect(cli(['rebalance', '--capacity', '0'], { cwd: dir, env }).code).toBe(2);
    expect(cli(['rebalance', '--within', 'x'], { cwd: dir, env }).code).toBe(2);
    expect(cli(['rebalance', '--date', '2026-13-01'], { cwd: dir, env }).code).toBe(2);
    // A past day's clients are today's overdue ones; a day ahead may be typed as people do.
    const past = cli(['rebalance', '--date', '2026-11-20', '--today', TODAY], { cwd: dir, env });
    expect(past.code).toBe(2);
    expect(past.err).toMatch(/^tickler: --date 2026-11-20 is past/);
    expect(JSON.parse(cli(['rebalance', '--date', 'tomorrow', '--format', 'json', '--today', TODAY], { cwd: dir, env }).out).date).toBe('2026-11-24');
  });
});

describe('rebalance on a generated book: six people, a heavy Monday', () => {
  it('after --apply no working day is over anyone capacity where something movable remains, and nothing due has vanished', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tickler-heavy-'));
    mkdirSync(join(dir, 'clients'));
    const team = ['ann', 'ben', 'cid', 'dee', 'eve', 'fay'];
    writeFileSync(join(dir, 'tickler.yaml'), `timezone: Europe/Warsaw\ncapacity: 12\nholidays: [2026-11-26]\nteam:\n${team.map((m, i) => `  ${m}: { email: ${m}@example.com${i === 0 ? ', capacity: 8' : ''} }`).join('\n')}\n`);
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const day = (offset: number) => new Date(Date.UTC(2026, 10, 23) + offset * 86_400_000).toISOString().slice(0, 10);
    for (let n = 0; n < 600; n++) {
      const owner = team[n % 6]!;
      // A third on Monday (or overdue), the rest spread thinly over the next eight weeks.
      const offset = n % 3 === 0 ? -Math.floor(random() * 4) : 1 + Math.floor(random() * 56);
      const time = random() < 0.1 ? `\n  time: "${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:30"` : '';
      const cover = random() < 0.05 ? `cover: { by: ${team[(n + 1) % 6]}, until: ${day(2)} }\n` : '';
      writeFileSync(
        join(dir, 'clients', `c${n}.yaml`),
        `name: Client ${n}\nowner: ${owner}\npriority: ${['high', 'normal', 'low'][n % 3]}\n${cover}next:\n  date: ${day(offset)}${time}\n  action: call\nlog:\n  - at: ${day(-20 - (n % 30))}T10:00+01:00\n    by: ${owner}\n    outcome: reached\n`,
      );
    }
    const as = { ...env, TICKLER_USER: 'ann' };
    const read = (args: string[]) => JSON.parse(cli([...args, '--format', 'json', '--today', TODAY], { cwd: dir, env: as }).out);
    const dueBefore = read(['list']).clients.map((c: { client: string; next: string }) => `${c.client}`).sort();
    const before = read(['today']);
    expect(before.overloaded.length).toBeGreaterThan(0);
    const run = cli(['rebalance', '--apply', '--within', '15', '--today', TODAY], { cwd: dir, env: as });
    expect(run.code, run.err).toBe(0);
    const agenda = read(['agenda', '--days', '40']);
    for (const d of agenda.days) {
      if (!d.workday) continue;
      for (const load of d.loads) {
        if (load.count <= load.capacity) continue;
        const movable = d.items.filter((i: { owner: string; coveredBy: string | null; time: string | null }) => (i.coveredBy ?? i.owner) === load.owner && !i.time);
        expect(movable, `${d.date} ${load.owner} ${load.count}/${load.capacity}`).toEqual([]);
      }
    }
    const after = read(['list']);
    expect(after.clients.map((c: { client: string }) => c.client).sort()).toEqual(dueBefore);
    expect(after.clients.every((c: { next: string | null }) => c.next !== null)).toBe(true);
    expect(cli(['validate', '--today', TODAY], { cwd: dir, env: as }).code).toBe(0);
  });
});
