import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { collectCatalogue } from './collect';
import { renderCatalogue } from './render';

/** Where the committed catalogue lives, next to the engine that reads it. */
export const CATALOGUE_FILE = fileURLToPath(new URL('../catalogue.generated.ts', import.meta.url));

const catalogue = await collectCatalogue();
await writeFile(CATALOGUE_FILE, renderCatalogue(catalogue));
process.stdout.write(
  `Wrote ${catalogue.actions.length} actions and ${catalogue.conditionKeys.length} condition keys to ${CATALOGUE_FILE}\n`,
);
