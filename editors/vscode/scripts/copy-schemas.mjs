// Copies the repository's JSON schemas into the extension so that the packaged .vsix carries
// them (yamlValidation needs files inside the extension). The repository's schemas/ stays
// the single source; the copy is ignored by git.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "..", "schemas");
const target = join(here, "..", "schemas");
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source)) {
  if (name.endsWith(".schema.json")) {
    copyFileSync(join(source, name), join(target, name));
  }
}
