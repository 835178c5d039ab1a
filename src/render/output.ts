// Writing a command's result: JSON (schemaVersion 1, unsafe characters escaped) or text.
import { safeJson } from '../core/text.js';
import type { Context } from '../cli/context.js';

export const SCHEMA_VERSION = 1;

export function writeJson(ctx: Context, value: Record<string, unknown>): void {
  ctx.stdout.write(jsonText(value));
}

/** What writeJson writes. */
export function jsonText(value: Record<string, unknown>): string {
  return `${safeJson({ schemaVersion: SCHEMA_VERSION, ...value })}\n`;
}
