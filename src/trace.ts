// Where a run's time goes, for TICKLER_TRACE=1 (stderr): the moment each phase ends, in
// milliseconds since the process started. Off unless main.ts turns it on; a mark costs nothing then.
let write: ((line: string) => void) | undefined;

export function enableTrace(to: (line: string) => void): void {
  write = to;
}

export function mark(phase: string): void {
  if (write) write(`tickler trace ${performance.now().toFixed(1).padStart(7)} ms  ${phase}\n`);
}
