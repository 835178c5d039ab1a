// Reading dossier files into the index's rows: the same on the main thread and on the worker of a
// big first run (worker.ts).
import { factsOf } from '../../core/agenda.js';
import type { Diagnostic } from '../../core/diagnostics.js';
import { lastContact, type Dossier } from '../../core/model.js';
import type { DossierContext, parseDossier } from '../read/dossier.js';
import { CLIENTS_DIR, readBookFile } from '../read/file.js';
import type { Row, Stamp, Summary } from './index.js';

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
