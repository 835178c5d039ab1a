// `tickler merge-driver %O %A %B %L %P`: what git runs to merge a dossier (registered by
// `tickler git-setup`; see src/book/merge.ts). Not for people: git gives the files.
import type { Command } from 'commander';
import { mergeDossierFiles } from '../../book/merge.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { examples, type Bind } from '../options.js';

export function defineMergeDriver(program: Command, bind: Bind): void {
  const command = program
    .command('merge-driver')
    .description("git's merge driver for dossiers: keeps every logged call of both sides (run by git; set up by `tickler git-setup`)")
    .argument('<base>', '%O: the common ancestor')
    .argument('<ours>', '%A: our version, where the result goes')
    .argument('<theirs>', '%B: their version')
    .argument('[size]', '%L: the length of conflict markers', '7')
    .argument('[path]', '%P: the path of the dossier in the repository', 'dossier.yaml');
  examples(command, [['git config merge.tickler.driver "tickler merge-driver %O %A %B %L %P"', 'what git-setup registers (with full paths)']]);
  command.action(bind(mergeDriverAction));
}

async function mergeDriverAction(ctx: Context, base: string, ours: string, theirs: string, markerSize: string, path: string): Promise<number> {
  const size = Number(markerSize);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw new UsageError(`the marker size must be a whole number from 1 to 100, not "${markerSize}"`);
  const outcome = await mergeDossierFiles({ base, ours, theirs, markerSize: size, path, cwd: ctx.cwd });
  for (const reason of outcome.reasons) ctx.stderr.write(`tickler merge-driver: ${path}: ${reason}\n`);
  return outcome.code;
}
