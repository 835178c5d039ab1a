import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSealed, readSealedJson, writeSealed } from '../../src/book/cache/seal.js';
import { sealed } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tickler-seal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sealed cache files', () => {
  it('give back what was written, in parts or whole, text or bytes', () => {
    const path = join(dir, 'parts.bin');
    writeSealed(path, ['Łódź\n', Buffer.from([0, 1, 2, 0xff]), '', 'end']);
    expect(readSealed(path)).toEqual(Buffer.concat([Buffer.from('Łódź\n'), Buffer.from([0, 1, 2, 0xff]), Buffer.from('end')]));
    // (the seal is the CRC-32 of the bytes, as the test helper computes it on its own)
    expect(readFileSync(path)).toEqual(sealed(readSealed(path)!));
    writeSealed(path, '');
    expect(readSealed(path)).toEqual(Buffer.alloc(0));
    writeSealed(path, JSON.stringify({ key: 'k', list: [1, 'ą'] }));
    expect(readSealedJson(path)).toEqual({ key: 'k', list: [1, 'ą'] });
  });

  it('are not read once any byte changed, when cut short or grown, unsealed, or not there', () => {
    const path = join(dir, 'one.bin');
    writeSealed(path, 'a line\nand another with ł\n');
    const good = readFileSync(path);
    for (let at = 0; at < good.length; at++) {
      for (const flip of [1, 0x80]) {
        const bad = Buffer.from(good);
        bad[at] = bad[at]! ^ flip;
        writeFileSync(path, bad);
        expect(readSealed(path), `byte ${at} ^ ${flip}`).toBeUndefined();
      }
    }
    // (the right CRC-32, in capitals: a body whose seal has letters)
    const capitals = Buffer.from(sealed('abc').toString('latin1').toUpperCase().replace(/^ABC/, 'abc'), 'latin1');
    expect(capitals.toString()).not.toBe(sealed('abc').toString());
    for (const bad of [good.subarray(0, good.length - 1), good.subarray(1), Buffer.concat([good, Buffer.from('\n')]), Buffer.from('a line\n'), Buffer.alloc(0), capitals]) {
      writeFileSync(path, bad);
      expect(readSealed(path)).toBeUndefined();
    }
    writeFileSync(path, sealed('not json'));
    expect(readSealed(path)).toEqual(Buffer.from('not json'));
    expect(readSealedJson(path)).toBeUndefined();
    expect(readSealed(join(dir, 'missing.bin'))).toBeUndefined();
    expect(readSealed(dir)).toBeUndefined();
  });
});
