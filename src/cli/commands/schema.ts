// `tickler schema`: the effective JSON Schema of this book's dossiers (or of tickler.yaml).
import type { Command } from 'commander';
import { baseSettingsSchema, effectiveDossierSchema } from '../../book/read/schema.js';
import { writeSchemaFiles } from '../../book/schema-files.js';
import { EXIT, RefusedError } from '../../errors.js';
import { openBook, settingsErrors, type BookOptions } from '../book.js';
import type { Context } from '../context.js';
import { addBookOption, examples, type Bind } from '../options.js';

interface SchemaOptions extends BookOptions {
  settings?: boolean;
  write?: boolean;
}

export function defineSchema(program: Command, bind: Bind): void {
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
  command.action(bind(schemaAction));
}

async function schemaAction(ctx: Context, options: SchemaOptions): Promise<number> {
  const store = await openBook(ctx, options);
  const settingsExit = settingsErrors(ctx, store);
  if (settingsExit !== EXIT.ok && options.write) {
    throw new RefusedError('the schema files are made from tickler.yaml: fix its errors first; nothing was written');
  }
  if (options.write) {
    for (const file of writeSchemaFiles(store.root, store.settings)) ctx.stdout.write(`wrote ${file}\n`);
  } else {
    ctx.stdout.write(`${JSON.stringify(options.settings ? baseSettingsSchema : effectiveDossierSchema(store.settings), null, 2)}\n`);
  }
  return settingsExit;
}
