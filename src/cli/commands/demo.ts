// `tickler demo [DIR]`: a realistic book of about thirty clients, dated around today, and its agenda.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { CLIENTS_DIR, SETTINGS_FILE } from '../../book/read/file.js';
import { writeFileAtomic } from '../../book/write/atomic.js';
import { formatDayLong } from '../../core/dates.js';
import { settingsFrom } from '../../core/settings.js';
import { EXIT, RefusedError } from '../../errors.js';
import { renderToday } from '../../render/text/agenda.js';
import { todayFor } from '../book.js';
import type { Context } from '../context.js';
import { addDateOption, examples, type Bind } from '../options.js';
import { newBookDir, scaffoldBook } from './init.js';
import { runToday } from './today.js';

export function defineDemo(program: Command, bind: Bind): void {
  const command = program
    .command('demo')
    .description('write a demo book of about thirty clients dated around today, and show its day')
    .argument('[dir]', 'where to write it (default: a new temporary directory); must be new or empty');
  addDateOption(command);
  examples(command, [
    ['tickler demo', 'a demo book in a temporary directory'],
    ['tickler demo ./try-tickler', 'keep it where you can find it'],
  ]);
  command.action(bind(demoAction));
}

const DEMO_ZONE = 'Europe/Warsaw';

async function demoAction(ctx: Context, dir: string | undefined, options: { today?: string }): Promise<number> {
  const calendarDay = todayFor(ctx, settingsFrom({ timezone: DEMO_ZONE }), options);
  let root: string;
  if (dir === undefined) root = mkdtempSync(join(tmpdir(), 'tickler-demo-'));
  else {
    root = newBookDir(ctx, dir);
    if (existsSync(root) && readdirSync(root).length > 0) throw new RefusedError(`${dir} exists and is not empty; name a new directory for the demo book`);
  }
  // The generator is big and only the demo needs it.
  const { demoBook, demoDay } = await import('../../demo/book.js');
  // A day off has no calls: the demo shows the next working day, with the contacts filed on it.
  const today = demoDay(calendarDay);
  if (today !== calendarDay) ctx.stdout.write(ctx.chalk.dim(`${formatDayLong(calendarDay)} is a day off; the demo shows the next working day.\n\n`));
  const files = demoBook(today);
  const settings = files.find((f) => f.path === SETTINGS_FILE)!;
  await scaffoldBook(root, settings.text);
  for (const file of files) if (file !== settings) writeFileAtomic(join(root, file.path), file.text);

  const view = await runToday(ctx, { book: root, today });
  ctx.stdout.write(renderToday(view, ctx));
  const where = dir === undefined ? root : relative(ctx.cwd, root) || '.';
  // (on the day off itself, `today` shows that day: the demo's day is named)
  const shifted = today !== calendarDay ? ` --today ${today}` : '';
  const clients = files.filter((f) => f.path.startsWith(`${CLIENTS_DIR}/`)).length;
  const first = view.items[0]?.client ?? files.find((f) => f.path.startsWith(`${CLIENTS_DIR}/`))!.path.slice(CLIENTS_DIR.length + 1, -5);
  // The hint works as printed: run through npx (tickler not on the PATH), each line is an npx
  // line that names the book, since npx away from the project would look for tickler elsewhere.
  const quoted = /^[\w./~-]+$/.test(where) ? where : `'${where.replace(/'/g, `'\\''`)}'`;
  const viaNpx = ctx.env.npm_command === 'exec';
  const line = (args: string) => (viaNpx ? `  npx tickler ${args} --book ${quoted}` : `  tickler ${args}`);
  ctx.stdout.write(
    [
      '',
      ctx.chalk.dim(`A demo book of ${clients} clients is in ${where}. Try:`),
      ...(viaNpx ? [] : [`  cd ${quoted}`]),
      line(`show ${first}`),
      line('agenda --month'),
      line(`today --owner bob${shifted}`),
      line('list --overdue'),
      line('validate'),
      ...(viaNpx ? ['', ctx.chalk.dim('(`npm link` in the clone puts tickler on your PATH: see the README)')] : []),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
