// The tool's version, shown by --version; the build's identity (a hash of the sources, set by
// scripts/build.mjs) keys the cache, so any change to the code rebuilds it.
export const VERSION = '0.1.0';

declare const __TICKLER_BUILD__: string | undefined;
export const BUILD = `${VERSION}+${typeof __TICKLER_BUILD__ === 'string' ? __TICKLER_BUILD__ : 'source'}`;
