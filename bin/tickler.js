#!/usr/bin/env node
// Launcher (CommonJS, so that start-up never loads node's ESM loader): runs the built bundle
// dist/main.cjs with the V8 code cache the build made for it (dist/main.v8cache), which spares
// compiling the functions of the morning's commands on every run. A cache V8 rejects (another
// node, other flags) is ignored and the bundle compiles as usual; the launcher never writes it,
// except when the build asks (TICKLER_WRITE_CODE_CACHE=1).
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

const file = join(__dirname, '..', 'dist', 'main.cjs');
const cacheFile = join(__dirname, '..', 'dist', 'main.v8cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// Node's CommonJS wrapper plus the bundle's way to import() the other commands (dist/lazy/):
// V8 forgets a script's import() hook when the script comes from a code cache, so the launcher,
// an ordinary module, does the import() for it.
const wrapper = ['(function (exports, require, module, __filename, __dirname, __tickler_import) { ', '\n});'];
const script = new vm.Script(wrapper[0] + readFileSync(file, 'utf8') + wrapper[1], { filename: file, cachedData });
if (process.env.TICKLER_WRITE_CODE_CACHE === '1') {
  // after the run, so that the functions it compiled are in the cache too
  process.once('exit', () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  });
}
const module_ = { exports: {} };
const lazy = (specifier) => import(pathToFileURL(join(dirname(file), specifier)).href);
script.runInThisContext().call(module_.exports, module_.exports, createRequire(file), module_, file, dirname(file), lazy);
