// `tickler handover --from A --to B (--until DATE | --permanent | --end)`: absence cover, and
// clients handed over for good (SPEC 6.8). The plan is shown, confirmed on a terminal (--yes for
// scripts), and every dossier is changed under one lock, each with a `handover` log entry.
import type { Command } from 'commander';
import { didYouMean } from '../../core/diagnostics.js';
import { formatDayLong } from '../../core/dates.js';
import { handoverCandidates, planHandover, type HandoverKind, type HandoverStep } from '../../core/handover.js';
import { clean } from '../../core/text.js';
import type { Edit } from '../../book/write/edit.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, addDateOption, collectList, examples, type Bind } from '../options.js';
import { autocommit, inTimeOrder, openForWrite, stampNow, typedDate, typedText, type WriteOptions, type WriteSession } from '../writing.js';

interface HandoverOptions extends WriteOptions {
  from?: string;
  to?: string;
  until?: string;
  permanent?: boolean;
  end?: boolean;
  client?: string[];
  tag?: string;
  reason?: string;
  yes?: boolean;
  format?: string;
}

export function defineHandover(program: Command, bind: Bind): void {
  const command = program
    .command('handover')
    .description("hand a member's clients to another: cover while away (--until), for good (--permanent), or end a cover (--end)")
    .requiredOption('--from <member>', 'whose clients')
    .option('--to <member>', 'who takes them (with --end: end only the covers by this member)')
    .option('--until <date>', 'a cover through this day (then the clients go back by themselves)')
    .option('--permanent', 'make --to the owner')
    .option('--end', 'end the covers now')
    .option('--client <id...>', 'only these clients (also comma-separated)', collectList)
    .option('--tag <tag>', 'only clients with this tag')
    .option('--reason <text>', 'why, for the log entries')
    .option('--yes', 'do it without asking (for scripts; needed off a terminal)')
    .option('--as <member>', 'who does it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler handover --from alice --to bob --until 2026-12-31', "Bob covers Alice's clients over the holidays"],
    ['tickler handover --from alice --to bob --end', 'Alice is back early'],
    ['tickler handover --from alice --to carol --permanent --tag warsaw --yes', 'Carol takes the Warsaw clients for good'],
  ]);
  command.action(bind(handoverAction));
}

function member(session: WriteSession, key: string, option: string): string {
  const team = session.settings.team;
  if (team.size > 0 && !team.has(key)) {
    const guess = didYouMean(key, team.keys());
    throw new UsageError(`${option}: "${key}" is not in the team${guess ? `; did you mean "${guess}"?` : ''} (team: ${[...team.keys()].join(', ')})`);
  }
  return key;
}

function kindOf(ctx: Context, session: WriteSession, options: HandoverOptions): HandoverKind {
  const given = [options.until !== undefined, options.permanent === true, options.end === true].filter(Boolean).length;
  if (given !== 1) throw new UsageError('say one of --until DATE (a cover), --permanent (a new owner) or --end (end the covers)');
  if (options.until !== undefined) return { kind: 'cover', until: typedDate(ctx, session, options.until, '--until') };
  return options.permanent ? { kind: 'permanent' } : { kind: 'end' };
}

async function handoverAction(ctx: Context, options: HandoverOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options);
  const how = kindOf(ctx, session, options);
  const from = member(session, options.from!, '--from');
  const to = options.to === undefined ? undefined : member(session, options.to, '--to');
  if (to === undefined && how.kind !== 'end') throw new UsageError('--to MEMBER is needed (who takes the clients)');
  if (to === from) throw new UsageError('--from and --to are the same member');
  const reason = options.reason === undefined ? undefined : typedText(options.reason, '--reason');
  const dossiers = (await session.store.summaries()).flatMap((s) => (s.dossier ? [s.dossier] : []));
  const known = new Set(dossiers.map((d) => d.id));
  for (const id of options.client ?? []) if (!known.has(id)) throw new UsageError(`--client: no client "${id}" (or its dossier has errors: \`tickler validate\`)`);
  const request = { from, ...(to !== undefined ? { to } : {}), how, ...(options.client ? { clients: options.client } : {}), ...(options.tag !== undefined ? { tag: options.tag } : {}), at: '', by: session.me, ...(reason !== undefined ? { reason } : {}) };
  const planned = handoverCandidates(dossiers, request).flatMap((d) => planHandover(d, request) ?? []);
  if (planned.length === 0) {
    ctx.stdout.write(format === 'json' ? `${JSON.stringify({ schemaVersion: 1, changed: [] })}\n` : `Nothing to change: no client of ${from} matches${how.kind === 'end' ? ' with a cover to end' : ''}.\n`);
    return EXIT.ok;
  }
  if (format === 'text') {
    const title = how.kind === 'cover' ? `${to} covers ${from}'s clients through ${formatDayLong(how.until)}` : how.kind === 'permanent' ? `${from}'s clients go to ${to} for good` : `covers of ${from}'s clients end`;
    ctx.stdout.write(`${clean(title)}: ${planned.length} client${planned.length === 1 ? '' : 's'}\n${planned.map((p) => `  ${clean(p.name)} (${p.id}): ${clean(p.change)}`).join('\n')}\n`);
  }
  if (!options.yes) {
    if (!ctx.prompter) throw new UsageError('handover changes many dossiers: confirm with --yes (off a terminal it does not ask)');
    if (!(await ctx.prompter.confirm(`Change these ${planned.length} dossiers?`, false))) {
      ctx.stdout.write('Nothing was changed.\n');
      return EXIT.ok;
    }
  }
  // All under one lock, on the files as they are now: each planned again with the entry's time.
  const changed = await session.store.edit(planned.map((p) => p.id), (drafts) => {
    const at = stampNow(ctx, session);
    const edits = new Map<string, Edit[]>();
    const steps: HandoverStep[] = [];
    for (const draft of drafts) {
      const step = planHandover(draft.dossier, { ...request, at });
      if (!step) continue;
      steps.push(step);
      edits.set(draft.id, inTimeOrder(ctx, draft, step.edits as Edit[], at));
    }
    if (steps.length === 0) throw new RefusedError('the dossiers changed meanwhile and nothing is left to change; nothing was written');
    return { edits, result: steps };
  });
  if (format === 'json') ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, changed: changed.map((s) => ({ client: s.id, change: s.change, entry: s.entry })) }, null, 2)}\n`);
  else ctx.stdout.write(`changed ${changed.length} dossier${changed.length === 1 ? '' : 's'}\n`);
  const message = `handover ${from}${to ? ` -> ${to}` : ''}: ${how.kind === 'cover' ? `cover until ${how.until}` : how.kind === 'permanent' ? 'new owner' : 'cover ended'} (${changed.map((s) => s.id).join(', ')})`;
  return autocommit(ctx, session, changed.map((s) => `clients/${s.id}.yaml`), message);
}
