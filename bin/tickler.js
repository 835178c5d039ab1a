#!/usr/bin/env node
// Launcher: the built entry does everything, including the exit code.
import '../dist/main.js';
