// The book's copy of its schemas (schemas/*.json), which the modelines of its files point editors at.
import { join } from 'node:path';
import type { Settings } from '../core/model.js';
import { baseSettingsSchema, effectiveDossierSchema } from './read/schema.js';
import { writeFileAtomic } from './write/atomic.js';

export const SCHEMA_DIR = 'schemas';

export function writeSchemaFiles(root: string, settings: Settings): string[] {
  const files: [string, unknown][] = [
    [`${SCHEMA_DIR}/dossier.schema.json`, effectiveDossierSchema(settings)],
    [`${SCHEMA_DIR}/settings.schema.json`, baseSettingsSchema],
  ];
  for (const [file, schema] of files) writeFileAtomic(join(root, file), `${JSON.stringify(schema, null, 2)}\n`);
  return files.map(([file]) => file);
}
