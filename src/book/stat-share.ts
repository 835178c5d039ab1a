// The stamps of a big book's files on two threads: a worker and this thread take chunks of the
// listing from a shared counter until none is left, writing the stamps into shared memory. This
// thread may do other work first (read the summaries it will most likely need) and join in after.
// Whatever goes wrong with the worker, this thread stats what the worker did not finish.
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { inFolder, newStampSlots, stampReader, type StampReader } from './file-stamps.js';

/** Files a chunk. */
const CHUNK = 1024;
/** Per file in the stamps: 1 for a plain file (0: anything else), size, mtimeMs, inode, ctimeMs. */
export const SLOTS = 5;

/** control[ENDED] is 1 once the worker's loop is over, normally or by an error. */
const ENDED = 2;
/** control[STATES + chunk]: 0 free, 1 taken, 2 done. */
const STATES = 3;

/**
 * The shared memory. control: [the next chunk to take, how many chunks are done, whether the
 * worker ended, then each chunk's state]; stamps: SLOTS numbers a file.
 */
export interface SharedStamps {
  control: Int32Array;
  stamps: Float64Array;
}

export function sharedStamps(count: number): SharedStamps {
  const chunks = Math.ceil(count / CHUNK);
  return { control: new Int32Array(new SharedArrayBuffer(4 * (STATES + chunks))), stamps: new Float64Array(new SharedArrayBuffer(8 * SLOTS * count)) };
}

function statRange(stamps: Float64Array, names: readonly string[], prefix: string, stampOf: StampReader, from: number, to: number): void {
  const slots = newStampSlots();
  for (let i = from; i < to; i++) {
    const at = i * SLOTS;
    if (stampOf(prefix + names[i], slots)) {
      stamps[at] = 1;
      stamps[at + 1] = slots[0]!;
      stamps[at + 2] = slots[1]!;
      stamps[at + 3] = slots[2]!;
      stamps[at + 4] = slots[3]!;
    } else stamps[at] = 0;
  }
}

/** Takes chunks until none is left, statting names as `prefix + name`; how many it took. */
export function statChunks(shared: SharedStamps, names: readonly string[], prefix: string): number {
  const { control, stamps } = shared;
  const chunks = control.length - STATES;
  const stampOf = stampReader(names.length > 0 ? prefix + names[0] : undefined);
  for (let taken = 0; ; taken++) {
    const chunk = Atomics.add(control, 0, 1);
    if (chunk >= chunks) return taken;
    Atomics.store(control, STATES + chunk, 1);
    statRange(stamps, names, prefix, stampOf, chunk * CHUNK, Math.min(names.length, (chunk + 1) * CHUNK));
    Atomics.store(control, STATES + chunk, 2);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  }
}

/** The worker's part: its chunks, then the word that it ended (so that a failed chunk is not waited for). */
export function workerChunks(shared: SharedStamps, names: readonly string[], prefix: string): void {
  try {
    void statChunks(shared, names, prefix);
  } finally {
    Atomics.store(shared.control, ENDED, 1);
    Atomics.notify(shared.control, 1);
  }
}

/**
 * Waits until every chunk is done, the worker ended, or `timeoutMs` passed (a worker that
 * hangs); true when every chunk is done.
 */
export function awaitChunks(control: Int32Array, timeoutMs: number): boolean {
  const chunks = control.length - STATES;
  const deadline = Date.now() + timeoutMs;
  for (let seen = Atomics.load(control, 1); seen < chunks; seen = Atomics.load(control, 1)) {
    if (Atomics.load(control, ENDED) === 1 || Date.now() >= deadline) return Atomics.load(control, 1) >= chunks;
    Atomics.wait(control, 1, seen, 50);
  }
  return true;
}

/** How long to wait for the worker's chunk in hand, this thread having taken `taken` chunks in `ms`. */
export function hangAfter(ms: number, taken: number): number {
  return Math.min(5_000, Math.max(100, (20 * ms) / Math.max(1, taken)));
}

export interface StatShare {
  /** This thread's part: chunks until none is left, then the wait for the worker's; all the stamps. */
  finish(): Float64Array;
}

/**
 * Starts a worker on the stamps of `names` in `dir` (`namesText`: the same names joined by line
 * breaks, the cheapest form to hand over); undefined where workers are not available here.
 */
export function startStatShare(dir: string, names: readonly string[], namesText: string): StatShare | undefined {
  // In the build this module is CommonJS in dist/lazy/, next to the worker's file.
  if (typeof __dirname !== 'string') return undefined;
  const file = join(__dirname, 'stat-worker.cjs');
  if (!existsSync(file)) return undefined;
  const shared = sharedStamps(names.length);
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { dir, namesText, control: shared.control, stamps: shared.stamps } });
    worker.on('error', () => undefined); // its chunks are done here, below
  } catch {
    return undefined;
  }
  return {
    finish() {
      const started = Date.now();
      const taken = inFolder(dir, sep, (prefix) => statChunks(shared, names, prefix));
      const { control, stamps } = shared;
      const chunks = control.length - STATES;
      // The worker's last chunk (it has one at most in hand). One that takes many times longer
      // than a chunk took here has hung, or its thread gets no time: this thread does it (and any
      // a failed worker left), which costs a chunk's time if the worker was only slow.
      const done = awaitChunks(control, hangAfter(Date.now() - started, taken));
      void worker.terminate();
      if (!done) {
        inFolder(dir, sep, (prefix) => {
          const stampOf = stampReader(names.length > 0 ? prefix + names[0] : undefined);
          for (let chunk = 0; chunk < chunks; chunk++) {
            if (Atomics.load(control, STATES + chunk) !== 2) statRange(stamps, names, prefix, stampOf, chunk * CHUNK, Math.min(names.length, (chunk + 1) * CHUNK));
          }
        });
      }
      return stamps;
    },
  };
}
