// Absence cover and handing clients over (SPEC 6.8), planned on the dossiers: which of A's clients
// change, how, and the `handover` log entry each gets. Pure.
import type { IsoDate } from './dates.js';
import type { DataEdit } from './edits.js';
import type { Dossier, LogEntry } from './model.js';

export type HandoverKind = { kind: 'cover'; until: IsoDate } | { kind: 'permanent' } | { kind: 'end' };

export interface HandoverRequest {
  from: string;
  /** Required except for `end` (then: end covers by anyone, or by this member only). */
  to?: string;
  how: HandoverKind;
  /** Only these clients (ids) / only clients with this tag. */
  clients?: readonly string[];
  tag?: string;
  at: string;
  by: string;
  reason?: string;
}

export interface HandoverStep {
  id: string;
  name: string;
  /** What changes, in words: "covered by bob until 2026-12-20". */
  change: string;
  edits: DataEdit[];
  entry: LogEntry;
}

/** The clients `from` owns that the request picks. */
export function handoverCandidates(dossiers: readonly Dossier[], request: Pick<HandoverRequest, 'from' | 'clients' | 'tag'>): Dossier[] {
  return dossiers.filter((d) => d.owner === request.from && (!request.clients || request.clients.includes(d.id)) && (request.tag === undefined || d.tags.includes(request.tag)));
}

/** What the request does to one dossier, or undefined when nothing would change. */
export function planHandover(dossier: Dossier, request: HandoverRequest): HandoverStep | undefined {
  const { how, to } = request;
  const edits: DataEdit[] = [];
  let change: string;
  if (how.kind === 'cover') {
    if (dossier.cover !== undefined && dossier.cover.by === to && dossier.cover.until === how.until) return undefined;
    edits.push({ op: 'set', path: ['cover'], value: { by: to, until: how.until } });
    change = `covered by ${to} until ${how.until}`;
  } else if (how.kind === 'permanent') {
    edits.push({ op: 'set', path: ['owner'], value: to });
    // (a cover by the new owner means nothing any more; one by a third person stays)
    if (dossier.cover?.by === to) edits.push({ op: 'delete', path: ['cover'] });
    change = `owner ${request.from} -> ${to}`;
  } else {
    if (!dossier.cover || (to !== undefined && dossier.cover.by !== to)) return undefined;
    edits.push({ op: 'delete', path: ['cover'] });
    change = `cover by ${dossier.cover.by} ended`;
  }
  const entry: LogEntry = { at: request.at, by: request.by, outcome: 'handover', summary: change };
  if (request.reason !== undefined) entry.reason = request.reason;
  edits.push({ op: 'append', path: ['log'], value: entry });
  return { id: dossier.id, name: dossier.name, change, edits, entry };
}
