// secrets/secret-generator-literals: a kustomize secretGenerator with literal values puts the secret in Git (guide §2C).
import { defineRule } from "../../api.js";
import { asArray, asObject } from "../../model/object.js";
import { isInertValue } from "../credentials.js";

export default defineRule({
  meta: {
    id: "secrets/secret-generator-literals",
    title: "kustomize secretGenerator literals are secrets committed to Git",
    defaultSeverity: "error",
    kinds: ["Kustomization", "Component"],
    crossObject: false,
    fix: "none",
    appliesTo: "files",
    guide: "§2C Secrets Management",
  },
  check(ctx) {
    const o = ctx.object;
    if (!o.apiVersion.startsWith("kustomize.config.k8s.io/")) return;
    asArray(o.value.secretGenerator).forEach((item, i) => {
      const g = asObject(item);
      if (!g) return;
      const name = typeof g.name === "string" ? g.name : "(unnamed)";
      // `KEY=value`: the key is what the Secret stores; a value that is empty or a visible placeholder is not a secret.
      const keys = asArray(g.literals).filter((l): l is string => typeof l === "string" && l.includes("="))
        .filter((l) => !isInertValue(l.slice(l.indexOf("=") + 1).replace(/^(["'])(.*)\1$/, "$2")))
        .map((l) => l.slice(0, l.indexOf("=")).trim());
      if (keys.length === 0) return;
      ctx.report({
        message: `secretGenerator "${name}" writes ${keys.length} literal value${keys.length > 1 ? "s" : ""} (${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}) into the kustomization, readable by anyone who can read Git; fetch the Secret with an ExternalSecret or encrypt it (SOPS, Sealed Secrets).`,
        path: ["secretGenerator", i, "literals"],
        anchor: "key",
        key: `${i}`,
      });
    });
  },
});
