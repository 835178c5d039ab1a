// The stamps read through node's fs binding are the stamps lstatSync gives, for every kind of entry.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inFolder, newStampSlots, publicStampReader, stampReader } from '../../src/book/file-stamps.js';

const dir = mkdtempSync(join(tmpdir(), 'tickler-stamps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file stamps', () => {
  const file = join(dir, 'a.yaml');
  writeFileSync(file, 'name: A\n');

  it('uses the fast reader on this node, and it agrees with lstatSync on files, links, folders and missing entries', () => {
    const fast = stampReader(file);
    expect(fast).not.toBe(publicStampReader);
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'big.yaml'), 'x'.repeat(100_000));
    utimesSync(join(dir, 'big.yaml'), new Date('2001-02-03T04:05:06.789Z'), new Date('1999-12-31T23:59:59.123Z'));
    symlinkSync(file, join(dir, 'link.yaml'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling.yaml'));
    mkdirSync(join(dir, 'folder.yaml'));
    for (const name of ['a.yaml', 'empty.yaml', 'big.yaml', 'link.yaml', 'dangling.yaml', 'folder.yaml', 'missing.yaml']) {
      const mine = newStampSlots();
      const theirs = newStampSlots();
      const path = join(dir, name);
      expect(fast(path, mine), name).toBe(publicStampReader(path, theirs));
      expect([...mine], name).toEqual([...theirs]);
    }
    // only plain files have stamps: links are read anew every run
    expect(fast(join(dir, 'link.yaml'), newStampSlots())).toBe(false);
    expect(fast(join(dir, 'folder.yaml'), newStampSlots())).toBe(false);
  });

  it('falls back to lstatSync without a probe, or where node would warn about process.binding', () => {
    expect(stampReader(undefined)).toBe(publicStampReader);
    expect(stampReader(file, '--pending-deprecation')).toBe(publicStampReader);
    expect(stampReader(file, ' --pending-deprecation --max-old-space-size=100')).toBe(publicStampReader);
    expect(stampReader(file, '--max-old-space-size=100 ')).not.toBe(publicStampReader);
  });

  it('reads a folder by short names from inside it, and puts the working directory back', () => {
    const before = process.cwd();
    const seen = inFolder(dir, '/', (prefix) => {
      const slots = newStampSlots();
      return { prefix, cwd: process.cwd(), found: stampReader(`${prefix}a.yaml`)(`${prefix}a.yaml`, slots), size: slots[0] };
    });
    expect(seen).toEqual({ prefix: '', cwd: dir, found: true, size: 8 });
    expect(process.cwd()).toBe(before);
    // a folder that cannot be entered: full paths, and the directory is left alone
    expect(inFolder(join(dir, 'nowhere'), '/', (prefix) => prefix)).toBe(`${join(dir, 'nowhere')}/`);
    expect(process.cwd()).toBe(before);
    // also when the reading throws
    expect(() => inFolder(dir, '/', () => { throw new Error('boom'); })).toThrow('boom');
    expect(process.cwd()).toBe(before);
  });
});
