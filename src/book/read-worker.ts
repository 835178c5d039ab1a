// A second thread for a first run over a big book: reads its share of the dossiers and hands the
// cache rows back, their summaries written to a summaries file of its own. Started by src/book/parallel-read.ts; exists as its own file in dist/.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SummaryWriter, freshFile, isFreshWanted, storeSummary, type FreshFile, type Stamp, type SummariesFile } from './cache.js';
import { quickDossier } from './dossier-read.js';
import { dossierContext, loadDossier, loadSettings } from './parse.js';
import { hasCustomParts } from './schema.js';

interface Job {
  root: string;
  names: string[];
  stamps: Stamp[];
  /** What the command shows (see WantedKeys); the summaries of other rows are only written. */
  until?: number;
  birthdays?: number[];
  owner?: string;
  port: MessagePort;
  done: Int32Array;
}

const job = workerData as Job;
let reply: { hash: string; files: FreshFile[]; written?: SummariesFile } | { error: string };
try {
  const settingsFile = loadSettings(job.root, true);
  // as the main thread reads them (see loadWithCache)
  const context = dossierContext(settingsFile.settings, undefined, 'complete');
  const complete = !hasCustomParts(settingsFile.settings);
  const wanted = job.until !== undefined ? { until: job.until, birthdays: new Set(job.birthdays), ...(job.owner !== undefined ? { owner: job.owner } : {}) } : undefined;
  const writer = SummaryWriter.in(job.root);
  const files = job.names.map((name, i) => {
    const entry = quickDossier(job.root, name, context) ?? loadDossier(job.root, name, context);
    const file = freshFile(name, job.stamps[i]!, settingsFile.settings, entry.dossier, entry.problems, complete);
    return storeSummary(file, writer, (f) => isFreshWanted(f, wanted));
  });
  const written = writer?.close();
  reply = { hash: settingsFile.hash, files, ...(written ? { written } : {}) };
} catch (error) {
  reply = { error: String(error) };
}
job.port.postMessage(reply);
Atomics.store(job.done, 0, 1);
Atomics.notify(job.done, 0);
parentPort?.close();
