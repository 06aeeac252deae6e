// Writes schemas/kubeready-config.schema.json from the rule registry (npm run config-schema).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { configSchemaText } from "../server/cli/configSchema.js";

const out = join(__dirname, "..", "schemas", "kubeready-config.schema.json");
writeFileSync(out, configSchemaText());
console.log(`wrote ${out}`);
