// A first run reads thousands of dossiers in a fresh process: until V8's optimizing compiler
// (TurboFan, on background threads) has compiled the reader's functions, they run in the
// interpreter at about four times the cost, and on two cores that compiling competes with the
// reading threads. Without inlining TurboFan compiles smaller graphs and is done sooner: first runs
// of 1,000 files take 7-13 % less time (docs/benchmarks.md, eleventh part).
//
// The flag is set mid-run, after the code caches are loaded: V8 rejects a code cache made under
// other flags, and setting any flag at start-up cost every cached run 4-7 ms. It only tunes the
// compiler, never what the code does.

/** From this many files to read on, a run compiles lean (below, TurboFan hardly starts). */
export const LEAN_FROM = 500;

let lean = false;

/** Tells V8 not to inline from now on (for the rest of this process); harmless where that is not possible. */
export function compileLean(): void {
  if (lean) return;
  lean = true;
  try {
    process.getBuiltinModule('node:v8').setFlagsFromString('--no-turbo-inlining');
  } catch {
    // (no such module or flag on this node: it only costs speed)
  }
}
