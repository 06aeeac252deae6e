// secrets/encryption-at-rest-identity: the API server's EncryptionConfiguration must encrypt Secrets (guide §2C).
import { defineRule } from "../../api.js";
import { asArray, asObject, type JsonObject } from "../../model/object.js";

/** Resource entries that apply to core Secrets: "secrets", every resource "*.*", or every core resource "*.". */
function coversSecrets(entry: JsonObject): boolean {
  return asArray(entry.resources).some((r) => r === "secrets" || r === "*.*" || r === "*.");
}

export default defineRule({
  meta: {
    id: "secrets/encryption-at-rest-identity",
    title: "EncryptionConfiguration must encrypt Secrets (first provider not identity)",
    defaultSeverity: "error",
    kinds: ["EncryptionConfiguration"],
    crossObject: false,
    fix: "none",
    guide: "§2C Secrets Management — Encryption at Rest",
  },
  check(ctx) {
    const o = ctx.object;
    if (!o.apiVersion.startsWith("apiserver.config.k8s.io/")) return;
    const entries = asArray(o.value.resources);
    // The API server uses the first entry that matches a resource, and writes with that entry's first provider.
    const index = entries.findIndex((e) => { const m = asObject(e); return !!m && coversSecrets(m); });
    if (index < 0) {
      ctx.report({ message: "This EncryptionConfiguration does not list secrets (or *.*), so Secrets are stored in etcd unencrypted.", path: ["resources"], anchor: "key" });
      return;
    }
    const first = asObject(asArray(asObject(entries[index])!.providers)[0]);
    if (!first) {
      ctx.report({ message: "The EncryptionConfiguration entry for secrets has no providers, so the API server refuses to start or stores Secrets unencrypted.", path: ["resources", index, "resources"], anchor: "key" });
      return;
    }
    if (!("identity" in first)) return;
    ctx.report({
      message: "The first provider for secrets is identity, so new Secrets are written to etcd unencrypted; put kms (v2), aescbc, aesgcm or secretbox first and keep identity last for reading old data.",
      path: ["resources", index, "providers", 0, "identity"],
      anchor: "key",
    });
  },
});
