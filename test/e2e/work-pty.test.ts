// `tickler work` in a real pseudo-terminal (SPEC 6.9, 6.4, 7): the built CLI answers real keystrokes
// through @inquirer/prompts. Three clients are logged, one skipped, one snoozed, then Ctrl-C at the
// sixth: every answer given before Ctrl-C is on disk, nothing else changed, the exit code is 130.
//
// The terminal is python3's `pty` module (a small relay, below) rather than node-pty or util-linux
// `script`: the relay reports the CLI's own exit status, sets the window size with an ioctl (no shell
// quoting), hands the CLI exactly the environment given here, and behaves the same on Linux and macOS.
// Every keystroke waits for the prompt it answers to appear in the output; there are no fixed sleeps.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers.js';

const TODAY = '2026-11-23';
/** The CLI's whole environment: a fixed clock, the person, no colour, a known terminal type. */
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
  TICKLER_USER: 'alice',
  TICKLER_NOW: '2026-11-23T09:15:00Z',
  NO_COLOR: '1',
  TERM: 'xterm',
};
/** Each new log entry is stamped with TICKLER_NOW in the book's time zone (Europe/Warsaw). */
const AT = '2026-11-23T10:15+01:00';
/** How long one prompt may take to appear. */
const WAIT_MS = 10_000;

/**
 * argv: the window's rows and columns, the CLI's environment as JSON, then the command. The relay
 * copies its stdin to the terminal and the terminal to its stdout, and exits with the command's
 * status (128 + the signal if it was killed). SIGTERM to the relay kills the command too.
 */
const RELAY = String.raw`
import fcntl, json, os, pty, select, signal, struct, sys, termios
rows, cols, env, argv = int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execve(argv[0], argv, env)
def stop(signum, frame):
    try: os.kill(pid, signal.SIGKILL)
    except OSError: pass
    os._exit(137)
signal.signal(signal.SIGTERM, stop)
def put(data):
    while data: data = data[os.write(1, data):]
reading = True
while True:
    ready = select.select([fd, 0] if reading else [fd], [], [])[0]
    if 0 in ready:
        data = os.read(0, 4096)
        if data: os.write(fd, data)
        else: reading = False
    if fd in ready:
        try: data = os.read(fd, 65536)
        except OSError: break
        if not data: break
        put(data)
status = os.waitpid(pid, 0)[1]
sys.exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))
`;

/** Terminal output as text: escape sequences and carriage returns removed. */
function plain(raw: string): string {
  return raw
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\r\n?/g, '\n');
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The built CLI on a pseudo-terminal, driven by waiting for text and then typing. */
class Terminal {
  private rawOutput = '';
  private readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(cwd: string, args: readonly string[], env: Record<string, string> = ENV) {
    this.child = spawn('python3', ['-c', RELAY, '50', '100', JSON.stringify(env), process.execPath, CLI, ...args], {
      cwd,
      env: process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => (this.rawOutput += text));
    // The relay's own errors (the CLI's stderr goes to the terminal, so into stdout).
    this.child.stderr.on('data', (text: string) => (this.rawOutput += text));
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Everything shown so far, as the terminal got it. */
  get raw(): string {
    return this.rawOutput;
  }

  /** Everything shown so far, as text. */
  get text(): string {
    return plain(this.rawOutput);
  }

  /**
   * Waits until `pattern` is shown at or after position `from` of `text`; returns the position just
   * after it. Fails with the end of the screen when it does not come, or when the CLI has ended.
   */
  async waitFor(pattern: string | RegExp, from: number): Promise<number> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const rest = this.text.slice(from);
      if (typeof pattern === 'string') {
        const at = rest.indexOf(pattern);
        if (at !== -1) return from + at + pattern.length;
      } else {
        const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(rest);
        if (match) return from + match.index + match[0].length;
      }
      if (this.exit || Date.now() > deadline) {
        const why = this.exit ? `the CLI ended (${JSON.stringify(this.exit)})` : `${WAIT_MS} ms passed`;
        throw new Error(`waiting for ${String(pattern)} after position ${from}: ${why}; the output after it:\n${this.text.slice(from).slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Resolves to the exit, or fails after `ms`. */
  async ended(ms = WAIT_MS): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the CLI did not end within ${ms} ms; the output:\n${this.text.slice(-3000)}`)), ms);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (!this.exit) this.child.kill('SIGTERM');
  }
}

const made: string[] = [];
const running: Terminal[] = [];
afterEach(() => {
  for (const terminal of running.splice(0)) terminal.kill();
});
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

interface Client {
  id: string;
  name: string;
  yaml: string;
}

/**
 * Alice's six clients, in the order `work` must take them (most overdue first: the due dates are
 * distinct), and one of Bob's that is even more overdue and must not appear. The log is the last key,
 * so an appended entry goes at the end of the file.
 */
const CLIENTS: Client[] = [
  {
    id: 'amber-tools',
    name: 'Amber Tools',
    yaml: `# Hand-written comment that must survive.
name: Amber Tools
owner: alice
stage: negotiation
priority: low
next:
  date: 2026-11-16
  action: call
  note: Ask about Q1 volumes
log:
  - at: 2026-11-09T11:00+01:00
    by: alice
    action: call
    outcome: reached
    summary: Sent the price list.
    next: 2026-11-16
`,
  },
  { id: 'birch-foods', name: 'Birch Foods', yaml: `name: Birch Foods\nowner: alice\nstage: first-contact\nnext:\n  date: 2026-11-17\n  action: call\n` },
  {
    id: 'cedar-logistics',
    name: 'Cedar Logistics',
    yaml: `name: Cedar Logistics\nowner: alice\nstage: negotiation\npriority: high\nnext:\n  date: 2026-11-18\n  action: call\nlog:\n  - at: 2026-11-10T09:30+01:00\n    by: alice\n    action: call\n    outcome: offer-sent\n    next: 2026-11-18\n`,
  },
  { id: 'dune-textiles', name: 'Dune Textiles', yaml: `name: Dune Textiles\nowner: alice\nstage: lead\nnext:\n  date: 2026-11-19\n  action: call\n` },
  { id: 'elm-pharma', name: 'Elm Pharma', yaml: `name: Elm Pharma\nowner: alice\nstage: retention\nnext:\n  date: 2026-11-20\n  action: call\n` },
  { id: 'fjord-media', name: 'Fjord Media', yaml: `name: Fjord Media\nowner: alice\nstage: lead\nnext:\n  date: 2026-11-23\n  action: call\n` },
];
const BOBS: Client = { id: 'granite-works', name: 'Granite Works', yaml: `name: Granite Works\nowner: bob\nstage: lead\nnext:\n  date: 2026-11-10\n  action: call\n` };

/** A fresh book in a temporary directory; the default outcomes (no `outcomes` key). */
function makeBook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-work-pty-'));
  made.push(dir);
  writeFileSync(
    join(dir, 'tickler.yaml'),
    `timezone: Europe/Warsaw\nteam:\n  alice: { name: Alice Nowak, email: alice@example.com }\n  bob: { name: Bob Petrov, email: bob@example.com }\n`,
  );
  mkdirSync(join(dir, 'clients'));
  for (const client of [...CLIENTS, BOBS]) writeFileSync(join(dir, 'clients', `${client.id}.yaml`), client.yaml);
  return dir;
}

const file = (dir: string, id: string) => join(dir, 'clients', `${id}.yaml`);
const read = (dir: string, id: string) => readFileSync(file(dir, id), 'utf8');

describe('tickler work on a terminal', () => {
  it('logs three clients, skips one, snoozes one, and Ctrl-C keeps every answer given before it', { timeout: 60_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs`).toBe(true);
    const dir = makeBook();
    const before = Object.fromEntries([...CLIENTS, BOBS].map((c) => [c.id, read(dir, c.id)]));
    const term = new Terminal(dir, ['work', '--today', TODAY]);
    running.push(term);

    let pos = await term.waitFor('Mon 23 Nov 2026 for alice: 6 clients (5 overdue)', 0);

    /** Waits for client `n`'s page and its "What happened?" question; checks it is the expected client. */
    const page = async (n: number): Promise<void> => {
      const heading = await term.waitFor(`── ${n}/6 `, pos);
      pos = await term.waitFor('What happened?', heading);
      const shown = term.text.slice(heading, pos);
      expect(shown, `page ${n}`).toContain(`${CLIENTS[n - 1]!.name}  clients/${CLIENTS[n - 1]!.id}.yaml`);
    };
    /** Types the start of a choice, waits for the pointer to be on it, presses Enter, waits for the answer. */
    const choose = async (typed: string, label: string): Promise<void> => {
      term.type(typed);
      await term.waitFor(new RegExp(`[❯>] ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`), pos);
      term.type('\r');
      pos = await term.waitFor(`What happened? ${label}`, pos);
    };
    const summary = async (text: string): Promise<void> => {
      pos = await term.waitFor('Summary (empty for none)', pos);
      term.type(`${text}\r`);
    };
    /**
     * Answers the next-contact question (a short one, the date forms on the line above it);
     * `shownDefault` is the default the question must offer.
     */
    const next = async (typed: string, shownDefault?: string): Promise<void> => {
      const hint = await term.waitFor('  e.g. 24.11, tomorrow, +3d, +2wd, friday, dec 5; "none" for no next contact\n', pos);
      const asked = await term.waitFor('Next contact', hint);
      if (shownDefault !== undefined) await term.waitFor(`Next contact (${shownDefault})`, hint);
      pos = asked;
      term.type(`${typed}\r`);
    };
    const saved = async (line: string): Promise<void> => {
      pos = await term.waitFor(`saved: ${line}`, pos);
    };

    // 1: reached, a summary, next "dec 2".
    await page(1);
    await choose('reached', 'reached');
    await summary('Wants 5% off for 500 pallets');
    await next('dec 2');
    await saved('logged amber-tools: reached; next Wed 2 Dec 2026');

    // 2: no answer, no summary, the offered default (+2wd from Monday: Wednesday).
    await page(2);
    await choose('no-a', 'no-answer');
    await summary('');
    await next('', '2026-11-25');
    await saved('logged birch-foods: no-answer; next Wed 25 Nov 2026');

    // 3: won (stage contract), a summary, next "+1w".
    await page(3);
    await choose('won', 'won');
    await summary('Signed for Q1');
    await next('+1w');
    await saved('logged cedar-logistics: won');

    // 4: skip for now.
    await page(4);
    await choose('sk', 'skip for now');

    // 5: snooze to the next working day.
    await page(5);
    await choose('sn', 'snooze to Tue 24 Nov 2026');
    await saved('rescheduled elm-pharma: Fri 20 Nov 2026 → Tue 24 Nov 2026');

    // 6: Ctrl-C at the question.
    await page(6);
    term.type('\x03');
    const exit = await term.ended();
    const output = term.text;
    expect(output.slice(pos)).toContain('Stopped: 3 logged, 1 snoozed, 1 skipped, 1 left for later.');
    expect(exit, output.slice(-2000)).toEqual({ code: 130, signal: null });
    expect(output).not.toContain(BOBS.name);
    expect(output).not.toMatch(/internal error|Error:/);

    // On disk. 1: one entry appended and a new next contact (which, as with `tickler log`, replaces the
    // old one with its note); everything else byte for byte, the comment included.
    const amber = read(dir, 'amber-tools');
    expect(amber.startsWith(before['amber-tools']!.replace('date: 2026-11-16', 'date: 2026-12-02').replace('  note: Ask about Q1 volumes\n', ''))).toBe(true);
    const amberDoc = parse(amber);
    expect(amberDoc.next).toEqual({ date: '2026-12-02', action: 'call' });
    expect(amberDoc.log).toHaveLength(2);
    expect(amberDoc.log[0]).toEqual(parse(before['amber-tools']!).log[0]);
    expect(amberDoc.log[1]).toEqual({ at: AT, by: 'alice', action: 'call', outcome: 'reached', summary: 'Wants 5% off for 500 pallets', next: '2026-12-02' });

    // 2: the outcome rule's +2wd, no summary (an empty answer is none).
    const birch = read(dir, 'birch-foods');
    expect(birch.startsWith(before['birch-foods']!.replace('date: 2026-11-17', 'date: 2026-11-25'))).toBe(true);
    const birchDoc = parse(birch);
    expect(birchDoc.next).toEqual({ date: '2026-11-25', action: 'call' });
    expect(birchDoc.log).toEqual([{ at: AT, by: 'alice', action: 'call', outcome: 'no-answer', next: '2026-11-25' }]);

    // 3: +1w from Monday, and the outcome rule's stage.
    const cedar = read(dir, 'cedar-logistics');
    expect(cedar.startsWith(before['cedar-logistics']!.replace('stage: negotiation', 'stage: contract').replace('date: 2026-11-18', 'date: 2026-11-30'))).toBe(true);
    const cedarDoc = parse(cedar);
    expect(cedarDoc.stage).toBe('contract');
    expect(cedarDoc.next).toEqual({ date: '2026-11-30', action: 'call' });
    expect(cedarDoc.log).toHaveLength(2);
    expect(cedarDoc.log[0]).toEqual(parse(before['cedar-logistics']!).log[0]);
    expect(cedarDoc.log[1]).toEqual({ at: AT, by: 'alice', action: 'call', outcome: 'won', summary: 'Signed for Q1', next: '2026-11-30' });

    // 4 (skipped), 6 (Ctrl-C) and Bob's client: untouched.
    for (const id of ['dune-textiles', 'fjord-media', BOBS.id]) expect(read(dir, id), id).toBe(before[id]);

    // 5: snoozed to Tuesday, with the audit entry.
    const elm = read(dir, 'elm-pharma');
    expect(elm.startsWith(before['elm-pharma']!.replace('date: 2026-11-20', 'date: 2026-11-24'))).toBe(true);
    const elmDoc = parse(elm);
    expect(elmDoc.next).toEqual({ date: '2026-11-24', action: 'call' });
    expect(elmDoc.log).toEqual([{ at: AT, by: 'alice', outcome: 'rescheduled', from: '2026-11-20', to: '2026-11-24', reason: 'snoozed during tickler work' }]);

    // No lock left behind, and the book is still valid.
    expect(existsSync(join(dir, '.tickler', 'write.lock'))).toBe(false);
    const check = spawnSync(process.execPath, [CLI, 'validate', '--today', TODAY], { cwd: dir, env: ENV, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('refuses off a terminal: exit 2, saying it needs one', { timeout: 30_000 }, async () => {
    const dir = makeBook();
    const child = spawn(process.execPath, [CLI, 'work', '--today', TODAY], { cwd: dir, env: ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    clearTimeout(timer);
    expect(code).toBe(2);
    expect(err).toMatch(/needs a terminal/);
    expect(out).toBe('');
    for (const client of [...CLIENTS, BOBS]) expect(read(dir, client.id)).toBe(client.yaml);
  });
});

describe('colours on a terminal', () => {
  // (the prompts' library decides on colours from the environment alone, when it loads)
  const COLOURED = /\x1b\[(?:3[0-7]|9[0-7]|1)m/;
  const { NO_COLOR: _, ...colourful } = ENV;
  it.each([
    ['with --no-color: none, in the agenda and in the prompts', ['--no-color'], false],
    ['without it: colours (the control)', [], true],
  ])('%s', { timeout: 30_000 }, async (_name, flags, coloured) => {
    const dir = makeBook();
    const term = new Terminal(dir, ['work', '--today', TODAY, ...flags], colourful);
    running.push(term);
    await term.waitFor('What happened?', 0);
    expect(COLOURED.test(term.raw)).toBe(coloured);
    term.type('\x03');
    await term.ended();
  });
});

describe('a first run on a terminal', () => {
  it('shows how far the reading is and clears the line after; off a terminal, or once cached, it shows none', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tickler-progress-'));
    made.push(dir);
    writeFileSync(join(dir, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: {}\n');
    mkdirSync(join(dir, 'clients'));
    const old = new Date('2026-11-01T00:00:00Z');
    for (let n = 0; n < 1200; n++) {
      const path = join(dir, 'clients', `client-${n}.yaml`);
      writeFileSync(path, `name: Client ${n}\nowner: alice\nnext:\n  date: 2026-11-${String(10 + (n % 14)).padStart(2, '0')}\n  action: call\n`);
      utimesSync(path, old, old);
    }
    const piped = mkdtempSync(join(tmpdir(), 'tickler-progress-piped-'));
    made.push(piped);
    cpSync(dir, piped, { recursive: true, preserveTimestamps: true });
    const offTerminal = spawnSync(process.execPath, [CLI, 'today', '--today', TODAY], { cwd: piped, env: ENV, encoding: 'utf8' });
    expect(offTerminal.status).toBe(0);
    expect(offTerminal.stderr).toBe('');
    expect(offTerminal.stdout).toContain('Client 1199');

    const first = new Terminal(dir, ['today', '--today', TODAY]);
    running.push(first);
    const after = await first.waitFor(/reading \d+ of 1200 dossiers \(first run; later runs use the cache\)…/, 0);
    await first.waitFor('Client 1199', after);
    expect(await first.ended()).toEqual({ code: 0, signal: null });
    // the line is cleared before the page: the last progress is followed by a carriage return and an erase
    const raw = first.raw;
    expect(raw.indexOf('\r\x1b[K', raw.lastIndexOf('dossiers (first run'))).toBeGreaterThan(-1);
    expect(raw.indexOf('\r\x1b[K', raw.lastIndexOf('dossiers (first run'))).toBeLessThan(raw.indexOf('Client 1199'));

    const again = new Terminal(dir, ['today', '--today', TODAY]);
    running.push(again);
    await again.waitFor('Client 1199', 0);
    expect(await again.ended()).toEqual({ code: 0, signal: null });
    expect(again.raw).not.toContain('reading');
  });
});
