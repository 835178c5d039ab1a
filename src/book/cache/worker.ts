// The second thread of a big first run: reads its share of the dossier files into rows, writes
// their summaries to a segment of its own, and hands the rows back (with the summaries the
// command shows). Started by ../store.ts; built as dist/worker.cjs.
import { parentPort } from 'node:worker_threads';
import { mayAppear, type DayRange } from '../../core/agenda.js';
import { dossierContext, parseDossier } from '../read/dossier.js';
import { settingsOf } from '../../core/settings.js';
import type { Row } from './index.js';
import type { KeptSettings } from './settings.js';
import { readRows, type FileToRead } from './reader.js';

export interface Job {
  root: string;
  settings: KeptSettings;
  custom: boolean;
  files: FileToRead[];
  /** The dividers the command shows: those rows come back with their summaries. */
  range?: DayRange;
}

async function work(job: Job): Promise<Row[]> {
  const { settings } = settingsOf(job.settings.raw, job.settings.broken, job.settings.problems);
  const custom = job.custom ? (await import('../read/custom-check.js')).compileCustomCheck(settings).check : undefined;
  const shown = job.range ? mayAppear(job.range) : () => true;
  return readRows(job.root, job.files, dossierContext(settings, custom), parseDossier, true, (row) => row.errors || (row.facts !== undefined && shown(row.facts)));
}

// (started before its share is known: the job comes as a message)
parentPort!.once('message', (job: Job) => void work(job).then((rows) => parentPort!.postMessage(rows)));
