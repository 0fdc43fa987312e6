import { writeCliReference } from "./cli-reference.ts";
import { writeConfigReference } from "./config-reference.ts";

// `npm run docs`: rewrites the generated sections of docs/configuration.md and docs/cli.md.
// test/unit/docs-generated.test.ts fails while a committed section differs from this output.

writeConfigReference();
await writeCliReference();
console.log("docs: docs/configuration.md and docs/cli.md regenerated");
