// A second thread for a first run over a big book: reads its share of the dossiers and hands the
// cache rows back. Started by src/book/parallel-read.ts; exists as its own file in dist/.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { freshFile, type FreshFile, type Stamp } from './cache.js';
import { dossierContext, isComplete, loadDossier, loadSettings } from './parse.js';

interface Job {
  root: string;
  names: string[];
  stamps: Stamp[];
  port: MessagePort;
  done: Int32Array;
}

const job = workerData as Job;
let reply: { hash: string; files: FreshFile[] } | { error: string };
try {
  const settingsFile = loadSettings(job.root, true);
  // as the main thread reads them (see loadWithCache)
  const context = dossierContext(settingsFile.settings, undefined, 'complete');
  const complete = isComplete(settingsFile.settings);
  const files = job.names.map((name, i) => {
    const entry = loadDossier(job.root, name, context);
    return freshFile(name, job.stamps[i]!, settingsFile.settings, entry.dossier, entry.problems, complete);
  });
  reply = { hash: settingsFile.hash, files };
} catch (error) {
  reply = { error: String(error) };
}
job.port.postMessage(reply);
Atomics.store(job.done, 0, 1);
Atomics.notify(job.done, 0);
parentPort?.close();
