// Help that teaches and fits: every command's --help and every topic within 80 columns, with
// examples; `tickler help TOPIC`; unknown topics and commands are usage errors with one prefix.
import { describe, expect, it } from 'vitest';
import { cli, run } from '../helpers.js';

const commands = () =>
  cli(['--help'])
    .out.split('\n')
    .flatMap((line) => /^ {2}([a-z][a-z-]*)(?:\|[a-z]+)? {2,}/.exec(line)?.[1] ?? []);

const wide = (text: string) => text.split('\n').filter((line) => [...line].length > 80);

describe('help', () => {
  it('every command has --help within 80 columns, with examples', async () => {
    const names = commands();
    expect(names.length).toBeGreaterThan(20);
    expect(wide(cli(['--help']).out)).toEqual([]);
    for (const name of names) {
      const { code, out } = await run([name, '--help'], { columns: 80 });
      expect(code, name).toBe(0);
      expect(wide(out), name).toEqual([]);
      if (!['help', 'merge-driver'].includes(name)) expect(out, name).toMatch(/\nExamples:\n {2}(# .*\n {2})?(tickler|git|echo) /);
    }
  });

  it('topics: the dossier, dates, outcomes, team work, exit codes', async () => {
    const list = cli(['help']).out;
    expect(wide(list)).toEqual([]);
    for (const topic of ['dossier', 'dates', 'outcomes', 'team', 'exit-codes']) {
      expect(list).toContain(`  ${topic} `);
      const { code, out } = await run(['help', topic], { columns: 80 });
      expect(code, topic).toBe(0);
      expect(out.length, topic).toBeGreaterThan(200);
      expect(wide(out), topic).toEqual([]);
    }
    expect(cli(['help', 'dates']).out).toContain('+2wd');
    expect(cli(['help', 'log']).out).toMatch(/^Usage: tickler log /);
  });

  it('one error prefix for every error, the argument parser included', () => {
    for (const args of [['help', 'nope'], ['nope'], ['today', '--bogus'], ['today', '--format', 'xml'], ['log']]) {
      const { code, err } = cli(args, { env: { TICKLER_BOOK: '/nonexistent' } });
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toMatch(/^tickler: /);
    }
  });
});
