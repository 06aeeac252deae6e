// secrets/configmap-credentials: ConfigMaps are not secret; credentials in them belong in a Secret fetched by External Secrets.
import { defineRule } from "../../api.js";
import { asObject } from "../../model/object.js";
import { credentialShape, embeddedCredentialLines, isInertValue, isReferenceValue, isSecretName } from "../credentials.js";

/** A number, a duration or a `{placeholder}` template is a setting about a credential, never one. */
function couldBeCredential(value: string): boolean {
  const v = value.trim();
  return !/^-?\d+(\.\d+)?(ms|s|m|h|d)?$/i.test(v) && !/\{[^{}]+\}/.test(v);
}

export default defineRule({
  meta: {
    id: "secrets/configmap-credentials",
    title: "ConfigMaps must not carry credentials",
    defaultSeverity: "warning",
    kinds: ["ConfigMap"],
    crossObject: false,
    fix: "none",
    guide: "§2C Secrets Management",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1") return;
    const data = asObject(o.value.data);
    if (!data) return;
    for (const [key, raw] of Object.entries(data)) {
      if (raw === null || raw === undefined) continue;
      const value = String(raw);
      let what: string | undefined;
      const shape = credentialShape(value);
      if (shape) what = shape;
      else if (!value.includes("\n") && isSecretName(key) && !isInertValue(value) && !isReferenceValue(value) && couldBeCredential(value)) what = "a secret-looking value";
      else {
        const lines = embeddedCredentialLines(value);
        if (lines.length) what = `a secret-looking setting on line${lines.length > 1 ? "s" : ""} ${lines.slice(0, 5).join(", ")} of the embedded file`;
      }
      if (!what) continue;
      ctx.report({
        message: `ConfigMap "${o.name}" key "${key}" holds ${what}; ConfigMaps are stored and shown unencrypted — move it to a Secret fetched by an ExternalSecret.`,
        path: ["data", key],
        anchor: "key",
        key,
      });
    }
  },
});
