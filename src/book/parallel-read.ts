// Reading many dossiers on two threads (the machines have two cores): a worker takes a share while
// this thread reads the rest. Synchronous for the caller; any trouble with the worker only means
// this thread reads its share too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { FreshFile, Stamp, SummariesFile, WantedKeys } from './cache.js';

export interface Share {
  /** Collects the worker's rows and the summaries file it wrote (blocking); undefined when it failed. */
  collect(): { files: FreshFile[]; written?: SummariesFile } | undefined;
}

/** Starts a worker on `names`; undefined when workers are not available here (running from source). */
export function readInWorker(root: string, settingsHash: string, wanted: WantedKeys | undefined, names: string[], stamps: Stamp[]): Share | undefined {
  // In the build this module is CommonJS in dist/lazy/, next to the worker's file.
  if (typeof __dirname !== 'string') return undefined;
  const file = join(__dirname, 'read-worker.cjs');
  if (!existsSync(file)) return undefined;
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { root, names, until: wanted?.until, birthdays: wanted ? [...wanted.birthdays] : undefined, owner: wanted?.owner, stamps, port: port2, done }, transferList: [port2] });
  } catch {
    return undefined;
  }
  return {
    collect() {
      // A generous limit: a worker that hangs must not hang the command.
      const deadline = Date.now() + 60_000 + names.length * 5;
      while (Atomics.load(done, 0) === 0 && Date.now() < deadline) Atomics.wait(done, 0, 0, 100);
      const reply = receiveMessageOnPort(port1)?.message as { hash?: string; files?: FreshFile[]; written?: SummariesFile } | undefined;
      void worker.terminate();
      port1.close();
      if (reply?.hash !== settingsHash || !Array.isArray(reply.files) || reply.files.length !== names.length) return undefined;
      return { files: reply.files, ...(reply.written ? { written: reply.written } : {}) };
    },
  };
}
