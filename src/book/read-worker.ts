// A second thread for a first run over a big book: reads its share of the dossiers and hands the
// cache rows back, their summaries written to a summaries file of its own. Started by
// src/book/parallel-read.ts; exists as its own file in dist/. It loads only the quick reader;
// the general YAML parsers come in (as on the main thread) for files the quick reader leaves.
import { join, sep } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SummaryWriter, freshFile, isFreshWanted, packFiles, storeSummary, type FreshFile, type PackedFiles, type Stamp, type SummariesFile } from './cache.js';
import { CLIENTS_DIR } from './discover.js';
import { dossierContext, quickDossier } from './dossier-read.js';
import { newStampSlots, stampReader } from './file-stamps.js';
import { settingsOf, type LoadedDossier } from './load.js';
import { takeChunk, type WorkerSettings } from './parallel-read.js';
import { hasCustomParts } from './schema.js';

interface Job {
  root: string;
  /** When the main thread's run started (files changed less than 2 s before get no row yet). */
  startedAt: number;
  names: string[];
  /** Absent: the worker takes the stamps itself (and answers null for what is not a plain file). */
  stamps?: Stamp[];
  /** A counter shared with the main thread: both take chunks of `names` from it (then without `stamps`). */
  chunks?: Int32Array;
  settings: WorkerSettings;
  /** What the command shows (see WantedKeys); the summaries of other rows are only written. */
  until?: number;
  birthdays?: number[];
  owner?: string;
  port: MessagePort;
  done: Int32Array;
}

type Reply = { hash: string; packed: PackedFiles; written?: SummariesFile; indices?: Int32Array } | { error: string };

async function work(job: Job): Promise<Reply> {
  const { hash, raw, broken, problems } = job.settings;
  const settings = settingsOf(hash, raw, broken, problems).settings;
  // as the main thread reads them (see loadWithCache)
  const context = dossierContext(settings, undefined, 'complete');
  const complete = !hasCustomParts(settings);
  const wanted = job.until !== undefined ? { until: job.until, birthdays: new Set(job.birthdays), ...(job.owner !== undefined ? { owner: job.owner } : {}) } : undefined;
  const writer = SummaryWriter.in(job.root);
  const clientsDir = `${join(job.root, CLIENTS_DIR)}${sep}`;
  const stampOf = job.stamps ? undefined : stampReader(job.names.length > 0 ? clientsDir + job.names[0] : undefined);
  const slots = newStampSlots();
  const files: (FreshFile | null)[] = new Array(job.names.length).fill(null);
  const stamps: Stamp[] = job.stamps ?? [];
  const slow: number[] = [];
  const store = (i: number, entry: LoadedDossier) => {
    const file = freshFile(job.names[i]!, stamps[i]!, settings, entry.dossier, entry.problems, complete);
    files[i] = storeSummary(file, writer, (f) => isFreshWanted(f, wanted), job.startedAt);
  };
  const readOne = (i: number) => {
    const name = job.names[i]!;
    if (stampOf) {
      if (!stampOf(clientsDir + name, slots)) return; // not a plain file: the main thread reads it anew
      stamps[i] = [slots[0]!, slots[1]!, slots[2]!, slots[3]!];
    }
    const entry = quickDossier(job.root, name, context);
    if (entry) store(i, entry);
    else slow.push(i);
  };
  const indices: number[] = [];
  if (job.chunks) {
    for (let chunk = takeChunk(job.chunks, job.names.length); chunk; chunk = takeChunk(job.chunks, job.names.length)) {
      for (let i = chunk.from; i < chunk.to; i++) {
        indices.push(i);
        readOne(i);
      }
    }
  } else for (let i = 0; i < job.names.length; i++) readOne(i);
  if (slow.length > 0) {
    const { loadDossier } = await import('./parse.js');
    for (const i of slow) store(i, loadDossier(job.root, job.names[i]!, context));
  }
  const written = writer?.close();
  // (with chunks, only the files this thread took, in the order of `indices`)
  const mine = job.chunks ? indices.map((i) => files[i]!) : files;
  return { hash, packed: packFiles(mine, written), ...(written ? { written } : {}), ...(job.chunks ? { indices: Int32Array.from(indices) } : {}) };
}

const job = workerData as Job;
void work(job)
  .catch((error: unknown) => ({ error: String(error) }))
  .then((reply) => {
    // (the rows' buffers are moved to the main thread, not copied)
    job.port.postMessage(reply, 'packed' in reply ? [reply.packed.rows.buffer as ArrayBuffer, reply.packed.present.buffer as ArrayBuffer, ...(reply.indices ? [reply.indices.buffer as ArrayBuffer] : [])] : []);
    Atomics.store(job.done, 0, 1);
    Atomics.notify(job.done, 0);
    parentPort?.close();
  });
