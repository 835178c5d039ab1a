// The second thread of a big first run: reads its share of the dossier files into rows, writes
// their summaries to a segment of its own, and hands the rows back (with the summaries the
// command shows). Started by ../store.ts; built as dist/lazy/worker.cjs.
import { parentPort, workerData } from 'node:worker_threads';
import { mayAppear, type DayRange } from '../../core/agenda.js';
import { dossierContext, parseDossier } from '../read/dossier.js';
import { settingsOf } from '../../core/settings.js';
import { SegmentWriter, type KeptSettings, type Row, type Stamp } from './index.js';
import { readRow } from './reader.js';

export interface Job {
  root: string;
  settings: KeptSettings;
  custom: boolean;
  files: { name: string; stamp: Stamp; settled: boolean }[];
  /** The dividers the command shows: those rows come back with their summaries. */
  range?: DayRange;
}

async function work(job: Job): Promise<Row[]> {
  const { settings } = settingsOf(job.settings.raw, job.settings.broken, job.settings.problems);
  const custom = job.custom ? (await import('../read/custom-check.js')).compileCustomCheck(settings).check : undefined;
  const context = dossierContext(settings, custom);
  const shown = job.range ? mayAppear(job.range) : () => true;
  const writer = new SegmentWriter(job.root);
  try {
    return job.files.map(({ name, stamp, settled }) => {
      const { row, summary } = readRow(job.root, name, stamp, context, parseDossier);
      const where = settled ? writer.add(summary) : undefined;
      if (where) row.where = where;
      if (!where || row.errors || (row.facts && shown(row.facts))) row.summary = summary;
      return row;
    });
  } finally {
    writer.close();
  }
}

void work(workerData as Job).then((rows) => parentPort!.postMessage(rows));
