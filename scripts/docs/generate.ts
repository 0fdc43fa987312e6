import { writeCliReference } from "./cli-reference.ts";
import { writeConfigReference } from "./config-reference.ts";
import { writeConfigStamp, writeJsonSchema } from "./json-schema.ts";

// `npm run docs`: rewrites the generated sections of docs/configuration.md and docs/cli.md, and
// guardrails.schema.json with the packaged configuration's stamp. test/unit/docs-generated.test.ts fails while one differs from this output.

writeConfigReference();
writeJsonSchema();
writeConfigStamp();
await writeCliReference();
console.log("docs: docs/configuration.md, docs/cli.md and guardrails.schema.json (and its stamp) regenerated");
