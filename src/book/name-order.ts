// The order of names (SPEC 6.1 sorts by name, locale-aware) without ICU on most runs. The first
// Intl.Collator of a process loads ICU's data: ~10 ms, a tenth of a cached `today`. So the names a
// run sorted are remembered under .tickler/, in the collator's order and grouped where it finds
// them equal; the next run compares two remembered names by their group, and asks a collator (made
// on first need) only about names it has not seen, which it then adds. The memo is keyed by what
// decides the collation: the book's locale, the process's locale (an unsupported book locale falls
// back to it), ICU's and Unicode's versions; the options are nameCollator's, fixed in the code.
import { join } from 'node:path';
import { nameCollator, type NameOrder } from '../core/agenda.js';
import type { Settings } from '../core/model.js';
import { CACHE_DIR, cacheDir } from './lock.js';
import { readSealedJson, writeSealed } from './seal.js';

const FILE = 'names.json';
/** Above this many names the memo starts over (reading it would cost what it saves). */
export const MEMO_LIMIT = 12_000;

interface Memo {
  key: string;
  /** Names in the collator's order; the names of one group compare equal. */
  groups: string[][];
}

/** What decides the order of names besides the names: the same key, the same order. */
export function collationKey(settings: Settings, env: Record<string, string | undefined>): string {
  return JSON.stringify([settings.locale, env.LC_ALL ?? '', env.LC_COLLATE ?? '', env.LC_MESSAGES ?? '', env.LANG ?? '', process.versions.icu ?? '', process.versions.unicode ?? '']);
}

export class RememberedNameOrder implements NameOrder {
  private groups: string[][] | undefined;
  private ranks: Map<string, number> | undefined;
  private collator: Intl.Collator | undefined;
  private readonly unknown = new Set<string>();
  private readonly key: string;

  constructor(
    private readonly root: string,
    private readonly settings: Settings,
    env: Record<string, string | undefined>,
  ) {
    this.key = collationKey(settings, env);
  }

  /** A number that orders `name` as compare() does, when the memo knows it. */
  rank(name: string): number | undefined {
    const rank = (this.ranks ??= this.load()).get(name);
    if (rank === undefined) this.unknown.add(name);
    return rank;
  }

  compare(a: string, b: string): number {
    const ranks = (this.ranks ??= this.load());
    const ra = ranks.get(a);
    const rb = ranks.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra === undefined) this.unknown.add(a);
    if (rb === undefined) this.unknown.add(b);
    return this.collate().compare(a, b);
  }

  /** Adds the names this run did not know to the memo (nothing to do when it knew them all). */
  save(): void {
    if (this.unknown.size === 0) return;
    const collator = this.collate();
    let groups = this.groups ?? [];
    if (groups.reduce((n, g) => n + g.length, 0) + this.unknown.size > MEMO_LIMIT) groups = [];
    if (this.unknown.size > MEMO_LIMIT) return;
    groups = groups.length === 0 ? sortedGroups(this.unknown, collator) : withNames(groups, this.unknown, collator);
    try {
      writeSealed(join(cacheDir(this.root), FILE), JSON.stringify({ key: this.key, groups } satisfies Memo));
    } catch {
      // .tickler/ cannot be written: the next run asks ICU again
    }
  }

  private collate(): Intl.Collator {
    return (this.collator ??= nameCollator(this.settings));
  }

  private load(): Map<string, number> {
    const ranks = new Map<string, number>();
    const memo = readSealedJson(join(this.root, CACHE_DIR, FILE)) as Memo | undefined;
    if (memo?.key !== this.key || !Array.isArray(memo.groups)) return ranks;
    const groups: string[][] = [];
    for (const group of memo.groups) {
      if (!Array.isArray(group) || group.length === 0 || !group.every((name) => typeof name === 'string')) return new Map();
      for (const name of group) {
        if (ranks.has(name)) return new Map();
        ranks.set(name, groups.length);
      }
      groups.push(group);
    }
    this.groups = groups;
    return ranks;
  }
}

/**
 * Names in the collator's order, grouped where it finds them equal. (One sort, whose loop is V8's
 * own: a first run's thousands of names cost half what inserting them one by one does.)
 */
function sortedGroups(names: Iterable<string>, collator: Intl.Collator): string[][] {
  const groups: string[][] = [];
  for (const name of [...names].sort(collator.compare)) {
    const last = groups[groups.length - 1];
    if (last && collator.compare(last[0]!, name) === 0) last.push(name);
    else groups.push([name]);
  }
  return groups;
}

/** The groups with more names, each put where it goes (a run adds a few names to a big memo). */
function withNames(memo: readonly string[][], names: Iterable<string>, collator: Intl.Collator): string[][] {
  const groups = memo.map((g) => [...g]);
  for (const name of names) {
    // the first group not before the name: either its own (equal) or where it goes
    let low = 0;
    let high = groups.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (collator.compare(groups[mid]![0]!, name) < 0) low = mid + 1;
      else high = mid;
    }
    if (low < groups.length && collator.compare(groups[low]![0]!, name) === 0) groups[low]!.push(name);
    else groups.splice(low, 0, [name]);
  }
  return groups;
}
