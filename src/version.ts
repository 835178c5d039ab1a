// The tool's version: shown by --version, and part of the cache key (a new version rebuilds it).
export const VERSION = '0.1.0';
