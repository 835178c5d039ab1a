// One writer at a time per book: a lock file created exclusively in clients/ (which every writer
// of the book can write, whoever else can write .tickler/). A lock whose process has died (same
// host) or that is older than any write could take is stale and is broken. A writer waits while
// the lock passes from holder to holder, and gives up only on one that holds it too long.
import { linkSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RefusedError } from '../../errors.js';
import { CLIENTS_DIR } from '../read/file.js';
import { removeFile, uniqueHex } from './atomic.js';

const os = () => process.getBuiltinModule('node:os') as typeof import('node:os');

/** A write takes milliseconds; a lock this old belongs to a process that hung or died elsewhere. */
const STALE_AFTER_MS = 30_000;
/** How long one holder may keep the lock before a waiting writer gives up. */
const WAIT_MS = 15_000;
export const LOCK_FILE = `${CLIENTS_DIR}/.tickler.lock`;

interface Holder {
  pid: number;
  host: string;
  nonce: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return typeof holder.pid === 'number' && typeof holder.nonce === 'string' ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isStale(path: string, holder: Holder | undefined): boolean {
  // A holder on this machine is stale exactly when its process is gone (a stopped or sleeping one still holds it).
  if (holder && holder.host === os().hostname()) return !alive(holder.pid);
  // Another machine (a shared folder) or an unreadable lock: only age tells.
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false; // gone already: not stale, just free
  }
}

/** Breaks a stale lock without ever removing a live one that replaced it meanwhile. */
function breakLock(path: string, seen: Holder | undefined): void {
  const aside = `${path}.${uniqueHex()}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readHolder(aside);
  if (moved !== undefined && moved.nonce !== seen?.nonce) {
    // We moved a fresh lock: put it back unless yet another one has been taken.
    try {
      linkSync(aside, path);
    } catch {
      // the path is taken again; that holder is live and ours was already broken
    }
  }
  removeFile(aside);
}

/** The clock and the pause between tries, replaced by tests to play a long wait in no time. */
export interface LockSeam {
  now?: () => number;
  pause?: (ms: number) => void;
}

/** Runs `work` holding the book's write lock until the promise it returns settles. */
export async function withBookLock<T>(root: string, work: () => Promise<T>, seam: LockSeam = {}): Promise<T> {
  const release = takeBookLock(root, seam);
  try {
    return await work();
  } finally {
    release();
  }
}

/** A ticket or temporary file this old is nobody's, whatever it says (another host, a reused pid). */
const ABANDONED_AFTER_MS = 60 * 60_000;
const TEMPORARY = /^\.[^/]+\.yaml\.tmp$|^\.tickler\.lock\.[0-9a-f]+\.(?:tmp|stale)$/;

/**
 * Removes what killed writers left in clients/ (doctor): their temporary files (under the lock,
 * none is a live writer's) and lock tickets whose process is gone (a waiting writer's is kept).
 * Returns the names removed.
 */
export async function cleanStaleFiles(root: string): Promise<string[]> {
  const clients = join(root, CLIENTS_DIR);
  return withBookLock(root, async () => {
    const removed: string[] = [];
    for (const name of readdirSync(clients)) {
      if (!TEMPORARY.test(name)) continue;
      const path = join(clients, name);
      if (name.startsWith('.tickler.lock.') && name.endsWith('.tmp')) {
        const holder = readHolder(path);
        const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        const gone = holder !== undefined && holder.host === os().hostname() ? !alive(holder.pid) : age > ABANDONED_AFTER_MS;
        if (!gone) continue;
      }
      removeFile(path);
      removed.push(`${CLIENTS_DIR}/${name}`);
    }
    return removed;
  });
}

/** Takes the book's write lock (waiting for another holder, breaking a stale one); returns its release. */
function takeBookLock(root: string, { now = Date.now, pause = sleep }: LockSeam): () => void {
  const path = join(root, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os().hostname(), nonce: uniqueHex() };
  // The lock appears with its holder already written in it: a hard link of a finished file.
  const ticket = `${path}.${me.nonce}.tmp`;
  try {
    mkdirSync(join(root, CLIENTS_DIR), { recursive: true });
    writeFileSync(ticket, JSON.stringify(me), { flag: 'wx' });
  } catch (error) {
    removeFile(ticket); // (a full disk may have left it empty)
    // (named by its folder: the ticket's own name means nothing to anyone)
    (error as NodeJS.ErrnoException).path = join(root, CLIENTS_DIR);
    throw error;
  }
  let waitingFor: string | undefined;
  let deadline = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      linkSync(ticket, path);
      removeFile(ticket);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        removeFile(ticket);
        throw error;
      }
    }
    const holder = readHolder(path);
    if (isStale(path, holder)) {
      breakLock(path, holder);
      continue;
    }
    // (each new holder gets the full time: many writers in turn are not one that hangs)
    if (holder?.nonce !== waitingFor || deadline === 0) {
      waitingFor = holder?.nonce;
      deadline = now() + WAIT_MS;
    }
    if (now() > deadline) {
      removeFile(ticket);
      throw new RefusedError(
        `another tickler process (pid ${holder?.pid ?? '?'}) has been writing to this book for over ${WAIT_MS / 1000} s; try again, or delete ${path} if no tickler is running`,
      );
    }
    pause(Math.min(50, 2 + attempt * 2) + Math.random() * 5);
  }
  return () => {
    if (readHolder(path)?.nonce === me.nonce) removeFile(path);
  };
}
