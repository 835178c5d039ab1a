// A command's result as JSON: schemaVersion 1 first, unsafe characters escaped.
import type { Diagnostic } from '../core/diagnostics.js';
import { safeJson } from '../core/text.js';

export const SCHEMA_VERSION = 1;

export function jsonText(value: Record<string, unknown>): string {
  return `${safeJson({ schemaVersion: SCHEMA_VERSION, ...value })}\n`;
}

/** The JSON form of a problem (the excerpt stays out: positions say where). */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message, ...(d.hint ? { hint: d.hint } : {}) };
}
