// git's merge driver for dossiers (SPEC 6.15; registered by git-setup as `merge=tickler`). git
// gives three files: the common ancestor (%O), ours (%A, where the result goes) and theirs (%B).
// When both sides are dossiers and their changes can be settled (core/merge.ts), our file is
// edited into the merge with the same lossless edits as `log`, checked, and replaced: exit 0.
// Otherwise, and on any failure at all, the result is git's own line merge with conflict markers
// and the exit is 1: git then leaves the file unmerged, and nothing is ever lost silently.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mergeDossierData } from '../core/merge.js';
import { settingsFrom } from '../core/settings.js';
import type { DossierContext, EditableDossier, ParsedDossier } from './read/dossier.js';
import { readBookFile, SETTINGS_FILE } from './read/file.js';
import { readers } from './store.js';
import { writeFileAtomic } from './write/atomic.js';
import { checkEdited, editText, type Edit } from './write/edit.js';
import { DOSSIER_KEY_ORDER } from './write/save.js';

export interface MergeFiles {
  /** %O, %A (the result is written here), %B. */
  base: string;
  ours: string;
  theirs: string;
  /** %L: the length of conflict markers. */
  markerSize: number;
  /** %P: the dossier's path in the repository. */
  path: string;
  /** Conflict labels for base, ours and theirs (%S %X %Y, from git 2.44), when given. */
  labels?: { base?: string; ours?: string; theirs?: string };
  /** git's working directory (the top of the work tree). */
  cwd: string;
}

export interface MergeOutcome {
  /** 0: merged; 1: conflicts, marked in the file. */
  code: number;
  /** Why it is not merged, in words (for stderr: git shows what a driver says). */
  reasons: string[];
}

/** Runs the merge; never throws: every failure ends in a line merge with markers and code 1. */
export async function mergeDossierFiles(files: MergeFiles): Promise<MergeOutcome> {
  try {
    const reasons = await semanticMerge(files);
    if (reasons.length === 0) return { code: 0, reasons };
    lineMerge(files);
    return { code: 1, reasons };
  } catch (error) {
    const reasons = [`the merge failed (${(error as Error).message ?? String(error)}); the file is merged line by line instead`];
    try {
      lineMerge(files);
    } catch (fault) {
      reasons.push(`and that failed too (${(fault as Error).message}); both sides are in the file between markers`);
      writeBothSides(files);
    }
    return { code: 1, reasons };
  }
}

/** The merge by meaning: written to %A when clean, else the reasons it is not (nothing written). */
async function semanticMerge(files: MergeFiles): Promise<string[]> {
  const { parseDossier, parseDossierForEdit, parseSettings, dossierContext, readTextData } = await readers();
  const context = bookContext(files, parseSettings, dossierContext);
  const id = files.path.replace(/^.*\//, '').replace(/\.yaml$/, '');
  const problem = (parsed: ParsedDossier, side: string) => {
    const error = parsed.problems.find((p) => p.severity === 'error');
    return error ? `${side} side is not a valid dossier (${error.line}:${error.column}: ${error.message})` : undefined;
  };
  // (only our side is edited, so only it needs the full reader's nodes; the others need their data)
  const ours = parseDossierForEdit(id, readFileSync(files.ours), context);
  const theirs = parseDossier(id, readFileSync(files.theirs), context);
  const baseBytes = readFileSync(files.base);
  // (a file added on both sides has an empty ancestor)
  const base = baseBytes.length === 0 ? undefined : parseDossier(id, baseBytes, context);
  const bad = [problem(ours, 'our'), problem(theirs, 'their')].filter((p): p is string => p !== undefined);
  if (base && !base.data) bad.push('the common ancestor is not a dossier');
  if (bad.length > 0) return bad;

  const mine = ours as EditableDossier;
  const { edits, conflicts } = mergeDossierData(base?.data ?? {}, mine.data, theirs.data!);
  if (conflicts.length > 0) return conflicts;
  if (edits.length === 0) return [];
  const text = editText(mine.text, edits as Edit[], { keyOrder: DOSSIER_KEY_ORDER }, mine.tree);
  checkEdited(text, mine.data, edits as Edit[], readTextData);
  const bytes = Buffer.from((mine.bom ? '\ufeff' : '') + text, 'utf8');
  const error = parseDossier(id, bytes, context).problems.find((p) => p.severity === 'error');
  if (error) return [`the merge would not be a valid dossier (${error.line}:${error.column}: ${error.message})`];
  writeFileAtomic(files.ours, bytes);
  return [];
}

type Readers = Awaited<ReturnType<typeof readers>>;

/** The checks of the book the dossier is in (its tickler.yaml as in the work tree), else the defaults. */
function bookContext(files: MergeFiles, parseSettings: Readers['parseSettings'], dossierContext: Readers['dossierContext']): DossierContext {
  const root = join(files.cwd, dirname(dirname(files.path)));
  const read = readBookFile(root, SETTINGS_FILE);
  const parsed = read.bytes ? parseSettings(read.bytes) : undefined;
  // (tickler.yaml may be merged in the same run, and unreadable for now: then nothing is checked
  // against the team, stages or fields, only the dossier's shape)
  const usable = parsed && !parsed.broken.includes('*');
  return dossierContext(usable ? parsed.settings : settingsFrom({}));
}

/** git's line merge of the three files into %A, with markers as this repository wants them. */
function lineMerge(files: MergeFiles): void {
  const style = spawnSync('git', ['config', '--get', 'merge.conflictStyle'], { cwd: files.cwd, encoding: 'utf8', timeout: 10_000 }).stdout?.trim();
  const labels = files.labels ?? {};
  const args = [
    'merge-file',
    `--marker-size=${files.markerSize}`,
    ...(style === 'diff3' ? ['--diff3'] : style === 'zdiff3' ? ['--zdiff3'] : []),
    '-L', labels.ours ?? `ours:${files.path}`,
    '-L', labels.base ?? `base:${files.path}`,
    '-L', labels.theirs ?? `theirs:${files.path}`,
    '--',
    files.ours,
    files.base,
    files.theirs,
  ];
  const run = spawnSync('git', args, { cwd: files.cwd, encoding: 'utf8', timeout: 10_000 });
  // (merge-file writes into the first file; its exit is the number of conflicts, negative on error)
  if (run.error) throw run.error;
  if (run.status === null || run.status < 0 || run.status > 127) throw new Error(`git merge-file failed: ${run.stderr.trim() || `status ${run.status}`}`);
}

/** The last resort: both sides whole, between markers. */
function writeBothSides(files: MergeFiles): void {
  const marker = (c: string) => c.repeat(files.markerSize);
  const ours = readFileSync(files.ours, 'utf8');
  const theirs = readFileSync(files.theirs, 'utf8');
  const end = (text: string) => (text.endsWith('\n') || text === '' ? text : `${text}\n`);
  writeFileAtomic(files.ours, `${marker('<')} ours:${files.path}\n${end(ours)}${marker('=')}\n${end(theirs)}${marker('>')} theirs:${files.path}\n`);
}
