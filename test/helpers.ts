// Test helpers: an in-memory context, fixture paths, and a way to run the built CLI.
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chalk } from 'chalk';
import type { Context } from '../src/cli/context.js';
import { runCli } from '../src/cli/program.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BOOKS = join(ROOT, 'test', 'fixtures', 'books');
export const CLI = join(ROOT, 'bin', 'tickler.js');

export interface Captured {
  ctx: Context;
  out: () => string;
  err: () => string;
}

export function memoryContext(overrides: Partial<Context> = {}): Captured {
  let out = '';
  let err = '';
  const ctx: Context = {
    cwd: ROOT,
    env: {},
    now: () => new Date('2026-11-23T08:00:00Z'),
    stdout: { write: (s: string | Uint8Array) => (out += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
    stderr: { write: (s: string) => (err += s) },
    isTTY: false,
    interactive: false,
    columns: 80,
    chalk: new Chalk({ level: 0 }),
    gitEmail: () => undefined,
    ...overrides,
  };
  return { ctx, out: () => out, err: () => err };
}

/** Runs a command in memory; resolves to its exit code and output. Typed errors are mapped like main.ts does. */
export async function run(argv: string[], overrides: Partial<Context> = {}): Promise<{ code: number; out: string; err: string }> {
  const captured = memoryContext(overrides);
  let code: number;
  try {
    code = await runCli(argv, captured.ctx);
  } catch (error) {
    const name = (error as Error).name;
    code = name === 'UsageError' ? 2 : name === 'BookNotFoundError' ? 3 : name === 'RefusedError' ? 1 : 70;
    if (code === 70) throw error;
    captured.ctx.stderr.write(`tickler: ${(error as Error).message}\n`);
  }
  return { code, out: captured.out(), err: captured.err() };
}

/** Spawns the built CLI. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/**
 * The YAML files of the fixtures and the examples (`dossiersOnly`: those in a clients/ folder),
 * as { path, text } with the text as in the file.
 */
export function fixtureYamlFiles(dossiersOnly = false): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.yaml') && (!dossiersOnly || dir.endsWith('clients'))) files.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(ROOT, 'test', 'fixtures'));
  walk(join(ROOT, 'examples'));
  return files;
}

/** A cache file's bytes with the seal tickler ends them with (src/book/seal.ts: their CRC-32 as 8 hex digits, a line break). */
export function sealed(body: string | Uint8Array): Buffer {
  const bytes = Buffer.from(body);
  return Buffer.concat([bytes, Buffer.from(`${crc32(bytes).toString(16).padStart(8, '0')}\n`)]);
}

/** A sealed cache file's bytes without the seal; throws when the seal does not hold. */
export function unsealed(path: string): Buffer {
  const bytes = readFileSync(path);
  const body = bytes.subarray(0, bytes.length - 9);
  if (!sealed(body).equals(bytes)) throw new Error(`${path}: the seal does not hold`);
  return body;
}

/** A fresh copy of a fixture book in a temporary directory. */
export function copyBook(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tickler-${name}-`));
  // Without the local cache that earlier runs left in the fixture (it is not part of the book).
  cpSync(join(BOOKS, name), dir, { recursive: true, filter: (src) => !src.includes(`${name}/.tickler`) });
  return dir;
}

/**
 * A hash of every file under a directory, to prove that read commands write nothing to the book.
 * The local cache (.tickler/, never committed) is not part of the book and is left out.
 */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (d === dir && name === '.tickler') continue;
      const path = join(d, name);
      // (lstat: a link is hashed as the link, and a FIFO is never opened, which would wait for a writer)
      const stat = lstatSync(path);
      hash.update(`${path}:${stat.mtimeMs}:`);
      if (stat.isDirectory()) walk(path);
      else if (stat.isSymbolicLink()) hash.update(`-> ${readlinkSync(path)}`);
      else if (stat.isFile()) hash.update(readFileSync(path));
      else hash.update(`mode ${stat.mode}`);
    }
  };
  walk(dir);
  return hash.digest('hex');
}

// Loaded before the CLI: records every file of clients/ that is opened or listed.
const RECORDER = `
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const seen = [];
const original = { ...fs };
for (const name of ['readFileSync', 'openSync', 'readdirSync', 'createReadStream']) {
  fs[name] = function (path, ...rest) {
    if (String(path).includes('/clients')) seen.push(name + ' ' + String(path).replace(/^.*\\/clients/, 'clients'));
    return original[name].call(this, path, ...rest);
  };
}
syncBuiltinESMExports();
process.on('exit', () => original.writeFileSync(process.env.READS_LOG, seen.join('\\n')));
`;

/** Spawns the built CLI with RECORDER loaded: its result, and what it opened or listed of clients/ ("readdirSync clients", …). */
export function cliRecordingReads(cwd: string, args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tickler-recorder-'));
  const recorder = join(dir, 'recorder.mjs');
  writeFileSync(recorder, RECORDER);
  const readsLog = join(dir, 'reads.txt');
  const result = spawnSync(process.execPath, ['--import', recorder, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', ...env, READS_LOG: readsLog },
  });
  const reads = readFileSync(readsLog, 'utf8').split('\n').filter(Boolean);
  rmSync(dir, { recursive: true, force: true });
  return { code: result.status, out: result.stdout, err: result.stderr, reads };
}
