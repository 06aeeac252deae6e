// secrets/literal-secret-env: secret-looking env vars must come from a Secret, not a literal in the manifest (guide §2C).
import { defineRule, type Fix } from "../../api.js";
import { replacePair } from "../../model/block-edit.js";
import { asArray, asObject } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { credentialShape, isInertValue, isSecretName } from "../credentials.js";
import { placeholder } from "../../model/placeholder.js";

export const SECRET_NAME_PLACEHOLDER = placeholder("secret");

export default defineRule({
  meta: {
    id: "secrets/literal-secret-env",
    title: "Secret-looking environment variables must come from a Secret, not a literal value",
    defaultSeverity: "error",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe",
    guide: "§2C Secrets Management",
    sources: { kubeLinter: ["env-var-secret"] },
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t) return;
    for (const c of containersOf(t)) {
      asArray(c.value.env).forEach((item, i) => {
        const env = asObject(item);
        if (!env || typeof env.name !== "string" || env.value === undefined || env.value === null) return;
        const value = String(env.value);
        if (isInertValue(value)) return;
        const shape = credentialShape(value);
        if (!shape && !isSecretName(env.name)) return;
        const name = env.name;
        const path = [...c.path, "env", i, "value"];
        ctx.report({
          // The message names the variable and what it looks like, never the value.
          message: `Container "${c.name}" sets env ${name} to a literal${shape ? ` that contains ${shape}` : " secret value"}, readable by anyone who can read the manifest or the workload; take it from a Secret (valueFrom.secretKeyRef).`,
          path,
          key: `${c.kind}.${c.name}.${name}`,
          fix: (): Fix | undefined => {
            const edit = replacePair(o, path, "valueFrom", { secretKeyRef: { name: SECRET_NAME_PLACEHOLDER, key: name.toLowerCase().replace(/_/g, "-") } });
            return edit && { title: `Take env ${name} of container "${c.name}" from a Secret (placeholder) — the value leaves this file`, safe: false, edits: [edit] };
          },
        });
      });
    }
  },
});
