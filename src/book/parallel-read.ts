// Reading many dossiers on two threads (the machines have two cores): a worker takes a share while
// this thread reads the rest. Synchronous for the caller; any trouble with the worker only means
// this thread reads its share too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { mark } from '../trace.js';
import { ROW_NUMBERS, unpackFiles, type CachedSettings, type FreshFile, type PackedFiles, type Stamp, type SummariesFile, type WantedKeys } from './cache.js';

/** Files a chunk at most and at least, when both threads take chunks of the listing from a shared counter. */
const MOST = 128;
const LEAST = 16;

/**
 * The next chunk of `total` files for this thread, [from, to), from a counter of files taken
 * shared by both threads; undefined when none are left. Chunks shrink towards the end (an
 * eighth of what is left), so that neither thread waits long for the other's last one.
 */
export function takeChunk(counter: Int32Array, total: number): { from: number; to: number } | undefined {
  for (;;) {
    const from = Atomics.load(counter, 0);
    if (from >= total) return undefined;
    const size = Math.min(MOST, Math.max(LEAST, (total - from) >> 3));
    const to = Math.min(total, from + size);
    if (Atomics.compareExchange(counter, 0, from, to) === from) return { from, to };
  }
}

/** What the worker answers. */
interface Reply {
  hash?: string;
  packed?: PackedFiles;
  written?: SummariesFile;
  indices?: Int32Array;
}

/** What the worker is given of the settings: tickler.yaml's hash and what the settings are made from. */
export interface WorkerSettings extends CachedSettings {
  hash: string;
}

export interface Share {
  /**
   * The worker's rows and the summaries file it wrote, when it is done; undefined when it
   * failed. A row is null for a name that is not a plain file (when the worker took the stamps).
   */
  collect(): Promise<{ files: (FreshFile | null)[]; written?: SummariesFile; indices?: Int32Array } | undefined>;
}

/**
 * Starts a worker on `names` (with their `stamps`, or it stats them itself); undefined when
 * workers are not available here (running from source). With `chunks` (a shared counter), the
 * worker takes chunks of `names` from it, as this thread does, and says which (`indices`).
 */
export function readInWorker(root: string, settings: WorkerSettings, wanted: WantedKeys | undefined, startedAt: number, names: readonly string[], stamps?: readonly Stamp[], chunks?: Int32Array): Share | undefined {
  // In the build this module is CommonJS in dist/lazy/, next to the worker's file.
  if (typeof __dirname !== 'string') return undefined;
  const file = join(__dirname, 'read-worker.cjs');
  if (!existsSync(file)) return undefined;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const job = { root, startedAt, names, stamps, chunks, settings, until: wanted?.until, birthdays: wanted ? [...wanted.birthdays] : undefined, owner: wanted?.owner, port: port2, done };
    worker = new Worker(file, { workerData: job, transferList: [port2] });
  } catch {
    return undefined;
  }
  // (a worker that fails is seen in its reply, missing: its error must not end this process)
  worker.on('error', () => undefined);
  const replied = new Promise<Reply | undefined>((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve(receiveMessageOnPort(port1)?.message as Reply | undefined);
      void worker.terminate();
      port1.close();
    };
    // Done, or ended without a word (it failed to start, or ran out of memory), or, a generous
    // limit, hung: a worker must not hang the command.
    worker.once('exit', finish);
    const waited = Atomics.waitAsync(done, 0, 0, 60_000 + names.length * 5);
    if (waited.async) void waited.value.then(finish);
    else finish();
  });
  return {
    async collect() {
      const reply = await replied;
      mark("the worker's reply");
      const packed = reply?.packed;
      const indices = reply?.indices;
      const count = chunks ? indices?.length : names.length;
      if (reply?.hash !== settings.hash || !packed || count === undefined || packed.present?.length !== count || packed.rows?.length !== count * ROW_NUMBERS) return undefined;
      if (indices && !indices.every((i) => i >= 0 && i < names.length)) return undefined;
      const theirs = indices ? Array.from(indices, (i) => names[i]!) : names;
      return { files: unpackFiles(theirs, packed, reply.written), ...(reply.written ? { written: reply.written } : {}), ...(indices ? { indices } : {}) };
    },
  };
}
