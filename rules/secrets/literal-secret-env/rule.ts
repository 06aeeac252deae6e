// secrets/literal-secret-env: secret-looking env vars must come from a Secret, not a literal in the manifest (guide §2C).
import { defineRule, type Fix } from "../../api.js";
import { replacePair } from "../../model/block-edit.js";
import { asArray, asObject } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { credentialShape, isInertValue, isSecretName } from "../credentials.js";
import { placeholder } from "../../model/placeholder.js";
import { offsetRange, type Path } from "../../model/position.js";
import type { KObject } from "../../model/object.js";

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
        if (!shape && saysUnused(o, [...c.path, "env", i])) return;
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

/** A comment that says the value is not a credential in use: "password auth is not used", "unused", "not a secret". */
const UNUSED = /\b(un-?used|not used|isn'?t used|never used|ignored|not a (real )?secret|not secret|no password|password auth(entication)? is (not used|disabled|off))\b/i;

/**
 * Whether the comments on an env entry (on its lines, or the full-line comments just above it) say the value is not a
 * credential in use. The author's own note on the manifest is the best signal there is; a value with a credential's
 * shape (a key, a token, a URL with a password) is reported whatever a comment says.
 */
function saysUnused(o: KObject, item: Path): boolean {
  let start: number, end: number;
  const range = (path: Path) => (o.source.offsetRange ? o.source.offsetRange(path, "value") : offsetRange(o.source.doc, path, "value"));
  try {
    // From the entry's first key to the end of its value: both lines of `- name: X # note` / `  value: y`.
    start = Math.min(range(item)[0], range([...item, "name"])[0], range([...item, "value"])[0]);
    end = Math.max(range(item)[1], range([...item, "value"])[1]);
  } catch {
    return false;
  }
  const text = o.source.chunk.text;
  const eol = text.indexOf("\n", end);
  const lines = text.slice(0, eol < 0 ? text.length : eol).split("\n");
  const first = text.slice(0, start).split("\n").length - 1;
  const comments: string[] = [];
  for (let l = first; l < lines.length; l++) { const m = /(^|\s)#(.*)$/.exec(lines[l]); if (m) comments.push(m[2]); }
  for (let l = first - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) comments.push(lines[l]);
  return comments.some((c) => UNUSED.test(c));
}
