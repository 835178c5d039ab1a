// Reading many dossiers on two threads (the machines have two cores): a worker takes a share while
// this thread reads the rest. Synchronous for the caller; any trouble with the worker only means
// this thread reads its share too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { ROW_NUMBERS, unpackFiles, type CachedSettings, type FreshFile, type PackedFiles, type Stamp, type SummariesFile, type WantedKeys } from './cache.js';

/** What the worker is given of the settings: tickler.yaml's hash and what the settings are made from. */
export interface WorkerSettings extends CachedSettings {
  hash: string;
}

export interface Share {
  /**
   * Collects the worker's rows and the summaries file it wrote (blocking); undefined when it
   * failed. A row is null for a name that is not a plain file (when the worker took the stamps).
   */
  collect(): { files: (FreshFile | null)[]; written?: SummariesFile } | undefined;
}

/**
 * Starts a worker on `names` (with their `stamps`, or it stats them itself); undefined when
 * workers are not available here (running from source).
 */
export function readInWorker(root: string, settings: WorkerSettings, wanted: WantedKeys | undefined, names: readonly string[], stamps?: readonly Stamp[]): Share | undefined {
  // In the build this module is CommonJS in dist/lazy/, next to the worker's file.
  if (typeof __dirname !== 'string') return undefined;
  const file = join(__dirname, 'read-worker.cjs');
  if (!existsSync(file)) return undefined;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const job = { root, names, stamps, settings, until: wanted?.until, birthdays: wanted ? [...wanted.birthdays] : undefined, owner: wanted?.owner, port: port2, done };
    worker = new Worker(file, { workerData: job, transferList: [port2] });
  } catch {
    return undefined;
  }
  return {
    collect() {
      // A generous limit: a worker that hangs must not hang the command.
      const deadline = Date.now() + 60_000 + names.length * 5;
      while (Atomics.load(done, 0) === 0 && Date.now() < deadline) Atomics.wait(done, 0, 0, 100);
      const reply = receiveMessageOnPort(port1)?.message as { hash?: string; packed?: PackedFiles; written?: SummariesFile } | undefined;
      void worker.terminate();
      port1.close();
      const packed = reply?.packed;
      if (reply?.hash !== settings.hash || !packed || packed.present?.length !== names.length || packed.rows?.length !== names.length * ROW_NUMBERS) return undefined;
      return { files: unpackFiles(names, packed, reply.written), ...(reply.written ? { written: reply.written } : {}) };
    },
  };
}
