// `tickler work`: the morning routine as a loop. Each client of today is shown as a page, then
// asked about; every answer is saved before the next client appears, so quitting loses nothing.
import type { Command } from 'commander';
import type { EditableDossier } from '../../book/read/dossier.js';
import { today as dayOf, type AgendaItem, type Scope } from '../../core/agenda.js';
import { formatDayLong } from '../../core/dates.js';
import { defaultNext, nextWorkday } from '../../core/refile.js';
import { clean } from '../../core/text.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { renderPage } from '../../render/text/page.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';
import { PromptCancelled } from '../prompter.js';
import { autocommit, openForWrite, type WriteOptions, type WriteSession } from '../writing.js';
import { askNext, logAnswers, logMessage, logSummary, saveLog } from './log.js';
import { rescheduleMessage, rescheduleSummary, saveReschedule } from './reschedule.js';

export interface WorkOptions extends WriteOptions {
  owner?: string;
  all?: boolean;
}

export function defineWork(program: Command, bind: Bind): void {
  const command = program
    .command('work')
    .description("go through today's clients one by one: see the page, record the call, refile")
    .option('--owner <member>', "go through this member's day (default: mine)")
    .option('--all', "go through everybody's day")
    .option('--as <member>', 'who makes the calls (default: $TICKLER_USER, else git config user.email)');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler work', 'my day, client by client'],
    ['tickler work --owner bob', "Bob's day, while covering for him"],
  ]);
  command.action(bind(workAction));
}

type Step = 'done' | 'again' | 'quit';

interface Tally {
  logged: number;
  snoozed: number;
  skipped: number;
  /** Saved but not committed (git.autocommit failed: said at the time). */
  uncommitted: number;
}

const LATEST = 3;

function itemHeading(item: AgendaItem, index: number, count: number, ctx: Context): string {
  const when = item.overdueDays > 0 ? ctx.chalk.red(`${item.overdueDays} day${item.overdueDays === 1 ? '' : 's'} overdue`) : 'due today';
  const facts = [when, item.reason === 'cadence' ? 'cadence' : item.action, item.time].filter(Boolean).join(' · ');
  const rule = '─'.repeat(Math.max(0, Math.min(ctx.columns, 80) - 12 - String(count).length * 2));
  return `\n${ctx.chalk.dim(`── ${index + 1}/${count} ${rule}`)}\n${facts}\n`;
}

/** One client: show it, ask, save. Returns what to do next. */
async function workOn(ctx: Context, session: WriteSession, item: AgendaItem, tally: Tally): Promise<Step> {
  const prompter = ctx.prompter!;
  let draft: EditableDossier;
  try {
    draft = await session.store.draft(item.client);
  } catch (error) {
    if (!(error instanceof RefusedError)) throw error;
    ctx.stdout.write(`${error.message}\n`);
    tally.skipped++;
    return 'done';
  }
  const dossier = draft.dossier;
  ctx.stdout.write(renderPage(dossier, session.today, ctx, LATEST));
  for (;;) {
    const snoozeTo = nextWorkday(session.today, session.settings);
    const choice = await prompter.select<string>('What happened?', [
      ...[...session.settings.outcomes.keys()].map((o) => ({ value: `outcome:${o}`, name: o })),
      { value: 'outcome:note', name: 'note (no conversation)' },
      { value: 'skip', name: 'skip for now' },
      { value: 'snooze', name: `snooze to ${formatDayLong(snoozeTo)}` },
      { value: 'history', name: 'show the whole history' },
      { value: 'quit', name: 'quit' },
    ]);
    if (choice === 'quit') return 'quit';
    if (choice === 'skip') {
      tally.skipped++;
      return 'done';
    }
    if (choice === 'history') {
      ctx.stdout.write(renderPage(dossier, session.today, ctx, undefined));
      continue;
    }
    if (choice === 'snooze') {
      const result = await saveReschedule(ctx, session, dossier.id, snoozeTo, 'snoozed during tickler work', draft.bytes);
      ctx.stdout.write(`${ctx.chalk.green('saved:')} ${rescheduleSummary(result)}\n`);
      if (result.entry && (await autocommit(ctx, session, [result.file], rescheduleMessage(result))) !== EXIT.ok) tally.uncommitted++;
      tally.snoozed++;
      return 'done';
    }
    const outcome = choice.slice('outcome:'.length);
    const summary = (await prompter.input('Summary (empty for none)')).trim();
    const decided = outcome === 'note' ? undefined : await askNext(ctx, session, defaultNext(dossier, session.settings, outcome, session.today));
    const answers = await logAnswers(ctx, session, dossier, {
      outcome,
      ...(summary !== '' ? { summary } : {}),
      ...(decided ? { decided } : {}),
    });
    const result = await saveLog(ctx, session, dossier.id, answers, draft.bytes);
    ctx.stdout.write(`${ctx.chalk.green('saved:')} ${logSummary(result)}\n`);
    if ((await autocommit(ctx, session, [result.file], logMessage(result))) !== EXIT.ok) tally.uncommitted++;
    tally.logged++;
    return 'done';
  }
}

async function workAction(ctx: Context, options: WorkOptions): Promise<number> {
  if (!ctx.prompter) throw new UsageError('work asks questions, so it needs a terminal; in scripts use `tickler today --format json` and `tickler log`');
  if (options.all && options.owner !== undefined) throw new UsageError('use either --owner or --all, not both');
  const session = await openForWrite(ctx, options);
  const { settings } = session;
  if (options.owner !== undefined && settings.team.size > 0 && !settings.team.has(options.owner)) {
    throw new UsageError(`unknown owner "${options.owner}" (team: ${[...settings.team.keys()].join(', ')})`);
  }
  const scope: Scope = options.all || settings.team.size === 0 ? {} : { owner: options.owner ?? session.me };
  const dossiers = await session.store.dossiersFor({ from: session.today, until: session.today, ...scope });
  const day = dayOf(dossiers, settings, session.today, scope);
  const whose = scope.owner ? ` for ${scope.owner}` : '';
  if (day.items.length === 0) {
    ctx.stdout.write(`Nothing due ${formatDayLong(session.today)}${whose}.\n`);
    return EXIT.ok;
  }
  const overdue = day.items.filter((i) => i.overdueDays > 0).length;
  ctx.stdout.write(
    `${ctx.chalk.bold(`${formatDayLong(session.today)}${whose}: ${day.items.length} client${day.items.length === 1 ? '' : 's'}`)}` +
      `${overdue ? ` (${overdue} overdue)` : ''}. Each answer is saved at once; Ctrl-C stops.\n`,
  );
  const tally: Tally = { logged: 0, snoozed: 0, skipped: 0, uncommitted: 0 };
  let code: number = EXIT.ok;
  try {
    for (const [index, item] of day.items.entries()) {
      ctx.stdout.write(itemHeading(item, index, day.items.length, ctx));
      let step: Step = 'again';
      while (step === 'again') {
        try {
          step = await workOn(ctx, session, item, tally);
        } catch (error) {
          if (!(error instanceof RefusedError)) throw error;
          ctx.stdout.write(`${ctx.chalk.yellow(error.message.split('\n').map(clean).join('\n'))}\n`);
          // The file changed while the person was on the call: show it again, ask again.
          // Any other refusal (an invalid file, the lock): say so and go on with the next client.
          if (!/changed on disk/.test(error.message)) {
            tally.skipped++;
            step = 'done';
          }
        }
      }
      if (step === 'quit') break;
    }
  } catch (error) {
    if (!(error instanceof PromptCancelled)) throw error;
    code = 130;
  }
  const left = day.items.length - tally.logged - tally.snoozed - tally.skipped;
  ctx.stdout.write(
    `\n${code === 130 ? 'Stopped' : 'Done'}: ${tally.logged} logged, ${tally.snoozed} snoozed, ${tally.skipped} skipped${left > 0 ? `, ${left} left for later` : ''}.\n`,
  );
  if (day.complaints.length > 0) ctx.stdout.write(`${day.complaints.length} complaint${day.complaints.length === 1 ? '' : 's'} due: \`tickler today\` lists them, \`tickler resolve CLIENT\` closes one.\n`);
  return code === EXIT.ok && tally.uncommitted > 0 ? EXIT.problems : code;
}
