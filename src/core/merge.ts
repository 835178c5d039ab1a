// The three-way merge of one dossier (SPEC 6.15), on its plain data: what git's common ancestor
// (base) became on our side and on theirs. Every log entry added on either side is kept, once,
// in time order; a field changed on one side takes that side; `next` changed on both is settled by
// the side whose newest log entry is later; a complaint is merged field by field. What cannot be
// settled is a conflict, named, and the caller falls back to a line merge with markers.
// Pure: no files, no YAML; the result says how to edit our side's text into the merge (edit.ts).
import { isDeepStrictEqual } from 'node:util';
import type { DataEdit } from './edits.js';

type Data = Record<string, unknown>;
type Entry = Record<string, unknown>;

export interface MergeResult {
  /** The merged data (key order: ours, then keys only theirs has). */
  merged: Data;
  /** The edits that make our side's data the merged data. */
  edits: DataEdit[];
  /** What could not be settled, in words; none: the merge is clean. */
  conflicts: string[];
}

const same = isDeepStrictEqual;
const time = (entry: Entry) => Date.parse(String(entry.at));

function listOf(data: Data, key: string): Entry[] {
  const value = data[key];
  return Array.isArray(value) ? (value as Entry[]) : [];
}

/**
 * Where each base entry is in `side` (in order), or the first base entry it has lost (edited or
 * removed). Entries added on that side may sit anywhere between them (a call logged late).
 */
function matchBase(base: readonly Entry[], side: readonly Entry[]): { at: number[] } | { lost: number } {
  const at: number[] = [];
  let j = 0;
  for (let i = 0; i < base.length; i++) {
    while (j < side.length && !same(side[j], base[i])) j++;
    if (j === side.length) return { lost: i };
    at.push(j++);
  }
  return { at };
}

/**
 * Both logs as one, in time order: entries of the same time keep our order, then theirs not on
 * our side. Entries are the same when equal in every field (a base entry, or one added on both).
 */
function mergeLogs(ours: readonly Entry[], theirs: readonly Entry[]): { log: Entry[]; fromTheirs: Set<Entry> } {
  const log: Entry[] = [];
  const fromTheirs = new Set<Entry>();
  let i = 0;
  let j = 0;
  while (i < ours.length || j < theirs.length) {
    if (j >= theirs.length || (i < ours.length && time(ours[i]!) < time(theirs[j]!))) {
      log.push(ours[i++]!);
      continue;
    }
    if (i >= ours.length || time(theirs[j]!) < time(ours[i]!)) {
      fromTheirs.add(theirs[j]!);
      log.push(theirs[j++]!);
      continue;
    }
    // The entries of this moment on both sides: ours as they are, then theirs we lack.
    const moment = time(ours[i]!);
    const mine: Entry[] = [];
    while (i < ours.length && time(ours[i]!) === moment) mine.push(ours[i++]!);
    const unmatched = [...mine];
    while (j < theirs.length && time(theirs[j]!) === moment) {
      const entry = theirs[j++]!;
      const k = unmatched.findIndex((e) => same(e, entry));
      if (k >= 0) unmatched.splice(k, 1);
      else {
        fromTheirs.add(entry);
        mine.push(entry);
      }
    }
    log.push(...mine);
  }
  return { log, fromTheirs };
}

/** The newest moment a log records (NaN for none). */
function newest(log: readonly Entry[]): number {
  return log.reduce((latest, entry) => (Number.isNaN(latest) || time(entry) > latest ? time(entry) : latest), Number.NaN);
}

/** A complaint (or any mapping) merged key by key; conflicts name `where`. */
function mergeFields(base: Data, ours: Data, theirs: Data, where: string, conflicts: string[]): { merged: Data; changed: string[] } {
  const merged: Data = { ...ours };
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(base), ...Object.keys(ours), ...Object.keys(theirs)])) {
    const [b, o, t] = [base[key], ours[key], theirs[key]];
    if (same(o, t) || same(t, b)) continue;
    if (same(o, b)) {
      if (t === undefined) delete merged[key];
      else merged[key] = t;
      changed.push(key);
    } else conflicts.push(`${where}: \`${key}\` changed on both sides`);
  }
  return { merged, changed };
}

/** The three-way merge of a dossier's data (base: {} when the file is new on both sides). */
export function mergeDossierData(base: Data, ours: Data, theirs: Data): MergeResult {
  const conflicts: string[] = [];
  const edits: DataEdit[] = [];
  const merged: Data = {};
  const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs), ...Object.keys(base)])];

  // The log: nothing of the base lost on either side, then both sides' entries, once each.
  const [baseLog, ourLog, theirLog] = [listOf(base, 'log'), listOf(ours, 'log'), listOf(theirs, 'log')];
  for (const [side, log] of [['our', ourLog], ['their', theirLog]] as const) {
    const match = matchBase(baseLog, log);
    if ('lost' in match) conflicts.push(`log entry ${match.lost + 1} (at ${String(baseLog[match.lost]!.at)}) was changed or removed on ${side} side`);
  }
  const { log, fromTheirs } = mergeLogs(ourLog, theirLog);
  if (fromTheirs.size > 0) {
    // Each of theirs goes before the first of ours that follows it in the merged log, else at the end.
    let k = 0;
    for (const entry of log) {
      if (!fromTheirs.has(entry)) k++;
      else if (k < ourLog.length) edits.push({ op: 'insert', path: ['log'], index: k, value: entry });
      else edits.push({ op: 'append', path: ['log'], value: entry });
    }
  }

  for (const key of keys) {
    const [b, o, t] = [base[key], ours[key], theirs[key]];
    if (key === 'log') {
      if (log.length > 0 || o !== undefined) merged.log = log;
      continue;
    }
    if (key === 'complaints' && Array.isArray(o) && Array.isArray(t) && (b === undefined || Array.isArray(b))) {
      merged.complaints = mergeComplaints((b ?? []) as Data[], o as Data[], t as Data[], edits, conflicts);
      continue;
    }
    if (same(o, t) || same(t, b)) {
      if (o !== undefined) merged[key] = o;
      continue;
    }
    if (same(o, b)) {
      if (t !== undefined) merged[key] = t;
      edits.push(t === undefined ? { op: 'delete', path: [key] } : { op: 'set', path: [key], value: t });
      continue;
    }
    if (key === 'next') {
      // Both sides refiled the client: the later decision stands (the other stays in its log entry).
      const [mine, yours] = [newest(ourLog), newest(theirLog)];
      if (mine > yours) {
        if (o !== undefined) merged[key] = o;
        continue;
      }
      if (yours > mine) {
        if (t !== undefined) merged[key] = t;
        edits.push(t === undefined ? { op: 'delete', path: [key] } : { op: 'set', path: [key], value: t });
        continue;
      }
    }
    if (o !== undefined) merged[key] = o;
    conflicts.push(`\`${key}\` changed on both sides`);
  }
  return { merged, edits, conflicts };
}

/** Complaints: those of the base merged field by field, then those added on either side, once. */
function mergeComplaints(base: readonly Data[], ours: readonly Data[], theirs: readonly Data[], edits: DataEdit[], conflicts: string[]): Data[] {
  if (ours.length < base.length || theirs.length < base.length) {
    conflicts.push('a complaint was removed on one side');
    return [...ours];
  }
  const merged: Data[] = [];
  base.forEach((b, i) => {
    const where = `complaint ${i + 1} (${String(b.summary ?? '')})`;
    const [o, t] = [ours[i]!, theirs[i]!];
    if (![b, o, t].every((c) => c !== null && typeof c === 'object' && !Array.isArray(c))) {
      if (!same(o, t) && !same(t, b)) conflicts.push(`${where} changed on both sides`);
      merged.push(o);
      return;
    }
    const { merged: fields, changed } = mergeFields(b, o, t, where, conflicts);
    for (const key of changed) edits.push(fields[key] === undefined ? { op: 'delete', path: ['complaints', i, key] } : { op: 'set', path: ['complaints', i, key], value: fields[key] });
    merged.push(fields);
  });
  const added = ours.slice(base.length);
  merged.push(...added);
  for (const complaint of theirs.slice(base.length)) {
    if (added.some((c) => same(c, complaint))) continue;
    merged.push(complaint);
    edits.push({ op: 'append', path: ['complaints'], value: complaint });
  }
  return merged;
}
