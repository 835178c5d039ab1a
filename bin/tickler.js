#!/usr/bin/env node
// Launcher (CommonJS, so that start-up never loads node's ESM loader): runs the built bundle
// dist/main.cjs, and the modules it loads on demand (dist/lazy/*.cjs), each with the V8 code
// cache the build made for it (*.v8cache beside it), which spares compiling the functions a
// command uses on every run. A cache V8 rejects (another node, other flags) is ignored and the
// file compiles as usual; the launcher never writes one, except when the build asks
// (TICKLER_WRITE_CODE_CACHE=1).
'use strict';
const { existsSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const dist = join(__dirname, '..', 'dist');
const writeCaches = process.env.TICKLER_WRITE_CODE_CACHE === '1';
const scripts = [];
const loaded = new Map();

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

// Node's CommonJS wrapper plus the module's way to import() the modules of dist/lazy/: V8 forgets
// a script's import() hook when the script comes from a code cache, so the launcher does it.
const wrapper = ['(function (exports, require, module, __filename, __dirname, __tickler_import) { ', '\n});'];

function run(file) {
  const cacheFile = file.replace(/\.cjs$/, '.v8cache');
  const script = new vm.Script(wrapper[0] + readFileSync(file, 'utf8') + wrapper[1], { filename: file, cachedData: readCache(cacheFile) });
  if (writeCaches) scripts.push([script, cacheFile]);
  const module_ = { exports: {} };
  script.runInThisContext().call(module_.exports, module_.exports, createRequire(file), module_, file, dirname(file), lazy);
  return module_.exports;
}

/** import() of dist/lazy/NAME.cjs, as the bundle writes it ("./lazy/NAME.cjs"): each file runs once. */
function lazy(specifier) {
  return new Promise((resolve) => {
    const file = join(dist, specifier);
    if (!loaded.has(file)) loaded.set(file, run(file));
    resolve(loaded.get(file));
  });
}

if (writeCaches) {
  // after the run, so that the functions it compiled are in the caches too
  process.once('exit', () => {
    for (const [script, cacheFile] of scripts) {
      writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
      renameSync(`${cacheFile}.tmp`, cacheFile);
    }
  });
}
const main = join(dist, 'main.cjs');
if (!existsSync(main)) {
  // (a clone not built yet, or a build under way)
  process.stderr.write(`tickler: ${main} is missing: build it with \`npm run build\` (npm install builds too)\n`);
  process.exit(70);
}
run(main);
