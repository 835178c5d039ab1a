// `tickler resolve <client>`: close an open complaint (asks which when several are open).
import type { Edit } from '../../book/yaml-edit.js';
import { formatDayLong } from '../../core/dates.js';
import type { Complaint } from '../../core/model.js';
import { openComplaints } from '../../core/refile.js';
import { clean } from '../../core/text.js';
import { writeJson } from '../../render/output.js';
import { formatOf } from '../common.js';
import type { Context } from '../context.js';
import { EXIT, RefusedError, UsageError } from '../errors.js';
import { changeDossier, clientId, openShown, openForWrite, typedText, type WriteOptions } from '../writing.js';

export interface ResolveOptions extends WriteOptions {
  resolution?: string;
  complaint?: string;
  format?: string;
}

function complaintLine(complaint: Complaint, number: number): string {
  return `  ${number}. ${clean(complaint.summary)} (opened ${complaint.opened}${complaint.due ? `, due ${complaint.due}` : ''})`;
}

/** What `tickler resolve` does; its options and help are in ../definitions.ts. */
export async function resolveAction(ctx: Context, done: (code: number) => void, reference: string, options: ResolveOptions): Promise<void> {
  const format = formatOf(options.format);
  const session = await openForWrite(ctx, options);
  const id = await clientId(session, reference);
  const shown = await openShown(session, id);
  const open = openComplaints(shown.dossier);
  if (open.length === 0) throw new RefusedError(`${id} has no open complaint`);
  let chosen = open[0]!;
  if (options.complaint !== undefined) {
    const n = Number(options.complaint);
    if (!Number.isInteger(n) || n < 1 || n > open.length) throw new UsageError(`--complaint must be a number from 1 to ${open.length}:\n${open.map((o, i) => complaintLine(o.complaint, i + 1)).join('\n')}`);
    chosen = open[n - 1]!;
  } else if (open.length > 1) {
    if (!ctx.prompter) {
      throw new UsageError(`${id} has ${open.length} open complaints; say which with --complaint N:\n${open.map((o, i) => complaintLine(o.complaint, i + 1)).join('\n')}`);
    }
    chosen = await ctx.prompter.select('Which complaint?', open.map((o, i) => ({ value: o, name: complaintLine(o.complaint, i + 1).trim() })));
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
  if (format === 'json') writeJson(ctx, result);
  else {
    const due = chosen.complaint.due;
    const late = due !== undefined && due < session.today ? ` (${formatDayLong(due)} was the due date)` : '';
    ctx.stdout.write(`resolved ${id}: ${clean(chosen.complaint.summary)}${late}\n`);
  }
  done(EXIT.ok);
}
