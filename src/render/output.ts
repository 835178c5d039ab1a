// Writing a command's result: JSON (schemaVersion 1, unsafe characters escaped) or text.
import { safeJson } from '../core/text.js';
import type { Context } from '../cli/context.js';

export const SCHEMA_VERSION = 1;

export function writeJson(ctx: Context, value: Record<string, unknown>): void {
  ctx.stdout.write(`${safeJson({ schemaVersion: SCHEMA_VERSION, ...value })}\n`);
}
