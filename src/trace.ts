// Where a run's time goes, for TICKLER_TRACE=1 (stderr): the moment each phase ends, in
// milliseconds since the process started. Off unless main.ts turns it on; a mark costs nothing then.
// (kept on globalThis: the modules of dist/lazy/ are bundled with their own copy of this one)
const WRITER = Symbol.for('tickler.trace');

type Holder = { [WRITER]?: (line: string) => void };

export function enableTrace(to: (line: string) => void): void {
  (globalThis as Holder)[WRITER] = to;
}

export function mark(phase: string): void {
  const write = (globalThis as Holder)[WRITER];
  if (write) write(`tickler trace ${performance.now().toFixed(1).padStart(7)} ms  ${phase}\n`);
}
