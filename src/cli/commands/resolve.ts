// `tickler resolve <client>`: close an open complaint (asks which when several are open).
import type { Command } from 'commander';
import type { Edit } from '../../book/write/edit.js';
import { formatDayLong } from '../../core/dates.js';
import type { Complaint } from '../../core/model.js';
import { openComplaints } from '../../core/refile.js';
import { clean } from '../../core/text.js';
import { EXIT, RefusedError, UsageError } from '../../errors.js';
import { jsonText } from '../../render/json.js';
import { formatOf } from '../book.js';
import type { Context } from '../context.js';
import { findClient } from '../find-client.js';
import { addBookOption, addDateOption, examples, type Bind } from '../options.js';
import { autocommit, changeDossier, openShown, openForWrite, typedText, type WriteOptions } from '../writing.js';

export interface ResolveOptions extends WriteOptions {
  resolution?: string;
  complaint?: string;
  format?: string;
}

export function defineResolve(program: Command, bind: Bind): void {
  const command = program
    .command('resolve')
    .description("close one of a client's open complaints")
    .argument('<client>', 'client id, the start of it, or a unique part of the name')
    .option('--resolution <text>', 'how it was settled')
    .option('--complaint <n>', 'which open complaint, by its number in the list (when several are open)')
    .option('--as <member>', 'who resolves it (default: $TICKLER_USER, else git config user.email)')
    .option('--format <format>', 'output format: text, json', 'text');
  addBookOption(command);
  addDateOption(command);
  examples(command, [
    ['tickler resolve kowalski --resolution "Credit note issued"', 'the one open complaint'],
    ['tickler resolve kowalski --complaint 2 --resolution "Replaced"', 'the second of several'],
  ]);
  command.action(bind(resolveAction));
}

/** One open complaint in a list to choose from: its number, when it was opened and is due, what it is. */
function complaintLine(complaint: Complaint, number: number): string {
  const due = complaint.due ? `due ${complaint.due}` : '';
  return `  ${String(number).padStart(2)}  opened ${complaint.opened}  ${due.padEnd(14)}  ${clean(complaint.summary)}`.trimEnd();
}

function complaintList(open: readonly { complaint: Complaint }[]): string {
  return [
    ...open.map((o, i) => complaintLine(o.complaint, i + 1)),
    'say which by its number: --complaint N (e.g. --complaint 1)',
  ].join('\n');
}

async function resolveAction(ctx: Context, reference: string, options: ResolveOptions): Promise<number> {
  const format = formatOf(options.format, ['text', 'json'] as const);
  const session = await openForWrite(ctx, options, 'when-needed');
  const id = await findClient(session.store, reference);
  const shown = await openShown(session, id);
  const open = openComplaints(shown.dossier);
  if (open.length === 0) throw new RefusedError(`${id} has no open complaint`);
  let chosen = open[0]!;
  if (options.complaint !== undefined) {
    const n = Number(options.complaint);
    if (!Number.isInteger(n) || n < 1 || n > open.length) throw new UsageError(`--complaint must be a number from 1 to ${open.length}:\n${complaintList(open)}`);
    chosen = open[n - 1]!;
  } else if (open.length > 1) {
    if (!ctx.prompter) {
      throw new UsageError(`${id} has ${open.length} open complaints:\n${complaintList(open)}`);
    }
    chosen = await ctx.prompter.select('Which complaint?', open.map((o, i) => ({ value: o, name: complaintLine(o.complaint, i + 1).trimStart() })));
  }
  let resolution = options.resolution === undefined ? undefined : typedText(options.resolution, '--resolution');
  if (resolution === undefined && ctx.prompter) resolution = typedText(await ctx.prompter.input('Resolution (empty to leave out)'), 'resolution') || undefined;
  // The complaint is found again in the file as it is now (by its content, not only its place).
  const result = await changeDossier(ctx, session, id, (draft) => {
    const now = openComplaints(draft.dossier).find((o) => o.index === chosen.index && o.complaint.summary === chosen.complaint.summary);
    if (!now) throw new RefusedError(`${draft.file} changed on disk meanwhile and that complaint is no longer open there; nothing was written`);
    const edits: Edit[] = [{ op: 'set', path: ['complaints', now.index, 'resolved'], value: session.today }];
    if (resolution) edits.push({ op: 'set', path: ['complaints', now.index, 'resolution'], value: resolution });
    return { edits, result: { client: id, file: draft.file, complaint: { ...now.complaint, resolved: session.today, ...(resolution ? { resolution } : {}) } } };
  });
  if (format === 'json') ctx.stdout.write(jsonText(result));
  else {
    const due = chosen.complaint.due;
    const late = due !== undefined && due < session.today ? ` (${formatDayLong(due)} was the due date)` : '';
    ctx.stdout.write(`resolved ${id}: ${clean(chosen.complaint.summary)}${late}\n`);
  }
  return autocommit(ctx, session, [result.file], `resolve ${id}: ${chosen.complaint.summary}`);
}
