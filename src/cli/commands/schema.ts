// `tickler schema`: the effective JSON Schema of this book's dossiers (or of tickler.yaml).
import { loadSettings } from '../../book/parse.js';
import { baseSettingsSchema, effectiveDossierSchema } from '../../book/schema.js';
import { writeSchemaFiles } from '../../book/schema-files.js';
import type { Context } from '../context.js';
import { bookRoot, type BookOptions } from '../common.js';
import { EXIT } from '../errors.js';

interface SchemaOptions extends BookOptions {
  settings?: boolean;
  write?: boolean;
}

/** What `tickler schema` does; its options and help are in ../definitions.ts. */
export async function schemaAction(ctx: Context, done: (code: number) => void, options: SchemaOptions): Promise<void> {
  const root = bookRoot(ctx, options);
  const { settings } = loadSettings(root);
  if (options.write) {
    for (const file of writeSchemaFiles(root, settings)) ctx.stdout.write(`wrote ${file}\n`);
  } else {
    ctx.stdout.write(`${JSON.stringify(options.settings ? baseSettingsSchema : effectiveDossierSchema(settings), null, 2)}\n`);
  }
  done(EXIT.ok);
}
