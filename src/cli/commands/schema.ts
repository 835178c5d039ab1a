// `tickler schema`: the effective JSON Schema of this book's dossiers (or of tickler.yaml).
import type { Command } from 'commander';
import { loadSettings } from '../../book/load.js';
import { baseSettingsSchema, effectiveDossierSchema } from '../../book/schema.js';
import { writeSchemaFiles } from '../../book/schema-files.js';
import type { Context } from '../context.js';
import { bookRoot, type BookOptions } from '../common.js';
import { EXIT } from '../errors.js';
import { addBookOption, examples } from '../options.js';

interface SchemaOptions extends BookOptions {
  settings?: boolean;
  write?: boolean;
}

export function registerSchema(program: Command, ctx: Context, done: (code: number) => void): void {
  const command = program
    .command('schema')
    .description("print the book's effective dossier schema (the project's schema plus the book's fields and forms)")
    .option('--settings', 'the schema of tickler.yaml instead')
    .option('--write', "refresh the book's schemas/ folder, which the files' modelines point editors at");
  addBookOption(command);
  examples(command, [
    ['tickler schema > dossier.schema.json', 'for an editor or another tool'],
    ['tickler schema --write', 'after changing fields or forms in tickler.yaml'],
  ]);
  command.action((options: SchemaOptions) => {
    const root = bookRoot(ctx, options);
    const { settings } = loadSettings(root);
    if (options.write) {
      for (const file of writeSchemaFiles(root, settings)) ctx.stdout.write(`wrote ${file}\n`);
    } else {
      ctx.stdout.write(`${JSON.stringify(options.settings ? baseSettingsSchema : effectiveDossierSchema(settings), null, 2)}\n`);
    }
    done(EXIT.ok);
  });
}
