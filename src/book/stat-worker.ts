// The second thread of stat-share.ts: takes chunks of the listing and writes their stamps into
// the shared memory (with full paths: a worker cannot change the working directory).
import { sep } from 'node:path';
import { workerData } from 'node:worker_threads';
import { workerChunks } from './stat-share.js';

const job = workerData as { dir: string; namesText: string; control: Int32Array; stamps: Float64Array };
workerChunks({ control: job.control, stamps: job.stamps }, job.namesText.split('\n'), job.dir + sep);
