// Reading dossier files into the index's rows: the same on the main thread and on the worker of a
// big first run (worker.ts).
import { factsOf } from '../../core/agenda.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { lastContact, type Dossier } from '../../core/model.js';
import type { DossierContext, parseDossier } from '../read/dossier.js';
import { CLIENTS_DIR, readBookFile } from '../read/file.js';
import { SegmentWriter, type Row, type Stamp, type Summary } from './index.js';

/** The short form a summary keeps: the last contact instead of the whole log, open complaints only. */
export function shortForm(dossier: Dossier): Dossier {
  const last = lastContact(dossier);
  return { ...dossier, log: last ? [last] : [], complaints: dossier.complaints.filter((c) => c.resolved === undefined) };
}

/** One file of clients/ read now (with `parse`, the readers' parseDossier): its row and its summary. */
export function readRow(root: string, name: string, stamp: Stamp, context: DossierContext, parse: typeof parseDossier): { row: Row; summary: Summary } {
  const id = name.slice(0, -'.yaml'.length);
  const read = readBookFile(root, `${CLIENTS_DIR}/${name}`);
  const parsed = read.bytes ? parse(id, read.bytes, context) : undefined;
  const problems: Diagnostic[] = parsed?.problems ?? [read.problem!];
  const custom = parsed?.custom;
  const dossier = parsed?.dossier;
  const summary: Summary = { ...(dossier ? { dossier: shortForm(dossier) } : {}), problems, ...(custom ? { custom } : {}) };
  const row: Row = {
    name,
    stamp,
    errors: problems.some((p) => p.severity === 'error'),
    findings: problems.length > 0 || (custom?.length ?? 0) > 0,
    custom: context.custom !== undefined,
    ...(dossier ? { facts: factsOf(dossier, context.settings) } : {}),
  };
  return { row, summary };
}

/** A file of clients/ to read: its name, its stamp, and whether it is old enough to be kept. */
export interface FileToRead {
  name: string;
  stamp: Stamp;
  settled: boolean;
}

/**
 * Reads files into rows. The summaries of settled files go to a new segment (when `root`'s
 * .tickler/ can be written): once on disk, a row lets go of its summary unless `keep` says it is
 * shown now; a row without a place on disk keeps it.
 */
export function readRows(root: string, files: readonly FileToRead[], context: DossierContext, parse: typeof parseDossier, writable: boolean, keep: (row: Row) => boolean, progress?: (done: number) => void): Row[] {
  const rows: Row[] = [];
  let waiting: Row[] = [];
  const writer = writable
    ? new SegmentWriter(root, (ok) => {
        for (const row of waiting) {
          if (!ok) delete row.where;
          else if (!keep(row)) delete row.summary;
        }
        waiting = [];
      })
    : undefined;
  files.forEach(({ name, stamp, settled }, i) => {
    const { row, summary } = readRow(root, name, stamp, context, parse);
    row.summary = summary;
    rows.push(row);
    if (settled && writer) {
      waiting.push(row);
      row.where = writer.add(summary);
    }
    if ((i + 1) % 500 === 0) progress?.(i + 1);
  });
  writer?.close();
  return rows;
}
