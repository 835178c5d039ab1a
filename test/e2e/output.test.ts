// Where the output goes: files, pipes (closed early, or left non-blocking by another process),
// /dev/null. Off a terminal tickler writes with plain system calls instead of node's streams.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cli } from '../helpers.js';

const DAY = ['--today', '2026-11-23'];
const book = mkdtempSync(join(tmpdir(), 'tickler-output-'));
afterAll(() => rmSync(book, { recursive: true, force: true }));

// 600 clients due today: a page of a few hundred kilobytes, more than a pipe holds (64 KiB).
writeFileSync(join(book, 'tickler.yaml'), 'timezone: Europe/Warsaw\nteam:\n  alice: { email: alice@example.com }\n');
mkdirSync(join(book, 'clients'));
for (let n = 0; n < 600; n++) {
  writeFileSync(
    join(book, 'clients', `client-${n}.yaml`),
    `name: Hurtownia Kowalski ${n}\nowner: alice\ncontacts:\n  - name: Jan Kowalski\n    role: Purchasing director\n    phone: "+48 600 100 ${String(n).padStart(3, '0')}"\nnext:\n  date: 2026-11-23\n  action: call\n  note: Confirm the volumes for Q1 and the discount he asked for\noffer: 500 pallets/quarter at 41.50 PLN\n`,
  );
}
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1' };

describe('output off a terminal', () => {
  const expected = cli(['today', ...DAY], { cwd: book });

  it('is the same on a pipe, in a file and on /dev/null', () => {
    expect(expected.code).toBe(0);
    expect(expected.err).toBe('');
    expect(expected.out.length).toBeGreaterThan(100_000);
    const file = join(book, '..', `${book.split('/').pop()}-today.txt`);
    const toFile = spawnSync('sh', ['-c', `"$0" "$1" today --today 2026-11-23 > "$2"`, process.execPath, CLI, file], { cwd: book, env, encoding: 'utf8' });
    expect(toFile.status).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(expected.out);
    rmSync(file);
    const toNull = spawnSync(process.execPath, [CLI, 'today', ...DAY], { cwd: book, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    expect(toNull.status).toBe(0);
    expect(toNull.stderr).toBe('');
  });

  it('stops quietly when the reader closes the pipe early (tickler today | head)', () => {
    const result = spawnSync('bash', ['-c', '"$0" "$1" today --today 2026-11-23 | head -c 100 > /dev/null; echo "${PIPESTATUS[0]}"', process.execPath, CLI], { cwd: book, env, encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('0');
    expect(result.stderr).toBe('');
  });

  it('writes everything to a pipe another process left non-blocking, which answers EAGAIN when full', () => {
    // python3 makes the pipe, sets O_NONBLOCK on the end tickler writes to (the flag belongs to the
    // pipe, so tickler sees it), and reads only after a pause, so that the pipe fills up first.
    const relay = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(1.0)
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
code = child.wait()
sys.stdout.buffer.write(data)
sys.stderr.write('exit %d\\n' % code)
`;
    const result = spawnSync('python3', ['-c', relay, process.execPath, CLI, 'today', ...DAY], { cwd: book, env, encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(result.stderr).toBe('exit 0\n');
    expect(result.stdout).toBe(expected.out);
  });

  it('prints no warning where node would warn about internal APIs (--pending-deprecation)', () => {
    const result = spawnSync(process.execPath, ['--pending-deprecation', CLI, 'today', ...DAY], { cwd: book, env, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(expected.out);
  });
});
