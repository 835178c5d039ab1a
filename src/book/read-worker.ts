// A second thread for a first run over a big book: reads its share of the dossiers and hands the
// cache rows back. Started by src/book/parallel-read.ts; exists as its own file in dist/.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { cachedFileOf, type CachedFile, type Stamp } from './cache.js';
import { dossierContext, loadDossier, loadSettings } from './load.js';

interface Job {
  root: string;
  today?: string;
  names: string[];
  stamps: Stamp[];
  port: MessagePort;
  done: Int32Array;
}

const job = workerData as Job;
let reply: { hash: string; files: CachedFile[] } | { error: string };
try {
  const settingsFile = loadSettings(job.root, true);
  const context = dossierContext(settingsFile.settings, job.today, true);
  const files = job.names.map((name, i) => {
    const entry = loadDossier(job.root, name, context);
    return cachedFileOf(name, job.stamps[i]!, settingsFile.settings, entry.dossier, entry.problems);
  });
  reply = { hash: settingsFile.hash, files };
} catch (error) {
  reply = { error: String(error) };
}
job.port.postMessage(reply);
Atomics.store(job.done, 0, 1);
Atomics.notify(job.done, 0);
parentPort?.close();
