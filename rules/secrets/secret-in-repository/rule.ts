// secrets/secret-in-repository: a Secret with values must not be committed; fetch it with External Secrets (guide §2C).
import { defineRule, type Fix } from "../../api.js";
import { replaceDocument } from "../../model/block-edit.js";
import { indentStep, renderBlock, seqIndent } from "../../model/edit.js";
import { asObject, type Json, type KObject } from "../../model/object.js";
import { credentialShape, embeddedCredentialLines, isInertValue, isSecretName } from "../credentials.js";
import { placeholder } from "../../model/placeholder.js";

export const STORE_PLACEHOLDER = placeholder("secret store");
export const REMOTE_KEY_PLACEHOLDER = placeholder("remote key");

/** SOPS writes a top-level `sops:` block and encrypts every value as ENC[…]; such a file is safe to commit. */
function isSopsEncrypted(o: KObject, values: string[]): boolean {
  if (asObject(o.value.sops)) return true;
  return values.length > 0 && values.every((v) => v.startsWith("ENC["));
}

/**
 * Keys (never values) of data and stringData that hold something (`allKeys`, what an ExternalSecret must keep), and
 * those that hold a real value (`keys`): placeholders in stringData (`<REPLACE_ME>`, `${DB_PASSWORD}`) do not.
 */
function filledKeys(o: KObject): { keys: string[]; allKeys: string[]; values: string[]; field: "data" | "stringData" | undefined } {
  const keys: string[] = [];
  const allKeys: string[] = [];
  const values: string[] = [];
  let field: "data" | "stringData" | undefined;
  for (const f of ["data", "stringData"] as const) {
    const map = asObject(o.value[f]);
    if (!map) continue;
    for (const [k, v] of Object.entries(map)) {
      if (v === null || v === undefined || String(v).trim() === "") continue;
      allKeys.push(k);
      // stringData is plain text, data base64: a visible placeholder or a variable for envsubst (also base64-encoded:
      // `<base64-encoded-client-id>`, `YOUR_KEY_HERE`) is a template, not a committed secret.
      const text = f === "data" ? decodeBase64(String(v)) ?? String(v) : String(v);
      if (isInertPlaceholder(String(v)) || isInertPlaceholder(text) || isDocPlaceholder(text) || isDocPlaceholder(String(v))) continue;
      // A setting (a port, a switch, a host name) under a key that does not name a credential is not one.
      if (!holdsCredential(o, k, text)) continue;
      keys.push(k);
      values.push(String(v));
      field ??= f;
    }
  }
  const sorted = (list: string[]) => [...new Set(list)].sort();
  return { keys: sorted(keys), allKeys: sorted(allKeys), values, field };
}

/**
 * The full-line comments inside the Secret's document, verbatim: the replacement keeps them (at its top) so that no
 * note the author wrote is lost. They are already in Git; the values, and comments after them on their lines, go.
 */
function commentLinesOf(o: KObject): string[] {
  const range = (o.source.doc.contents as { range?: [number, number, number] } | null)?.range;
  if (!range) return [];
  return o.source.chunk.text.slice(range[0], range[2]).split(/\r?\n/).filter((l) => /^\s*#/.test(l)).map((l) => l.trimEnd());
}

/** Base64 `data` decoded, when it is valid base64 of UTF-8 text. */
function decodeBase64(v: string): string | undefined {
  const t = v.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) return undefined;
  const text = Buffer.from(t, "base64").toString("utf8");
  return text.includes("\uFFFD") ? undefined : text;
}

/** What documentation writes where the reader puts a value: `[YOUR_AK_ID]`, `{Secret Key}`, `**token goes here**`, `CHANGEME`. */
function isDocPlaceholder(v: string): boolean {
  const t = v.trim();
  // Only a short one-line value can be a placeholder: a JSON or INI block is judged by the settings in it.
  if (t.includes("\n") || t.length > 80) return false;
  if (/^\[[^\]]*\]$/.test(t) || /^\{[^{}]*\}$/.test(t) && /\s|^\{[A-Z _]+\}$/.test(t) || /^\*\*.*\*\*$/.test(t) || /^<.*>$/s.test(t)) return true;
  return /(^|[^a-z])(your|changeme|change[-_ ]?me|placeholder|goes[-_ ]here|_here$|here_|xxxx|todo|fixme|dummy|redacted)([^a-z]|$)/i.test(t);
}

const TYPED_CREDENTIALS = ["kubernetes.io/tls", "kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg", "kubernetes.io/basic-auth", "kubernetes.io/ssh-auth", "kubernetes.io/service-account-token"];

/** Whether this key's value is a credential: by the Secret's type, the key's name, the value's shape, or a token-like value. */
function holdsCredential(o: KObject, key: string, text: string): boolean {
  if (TYPED_CREDENTIALS.includes(String(o.value.type))) return true;
  if (isSecretName(key) || /(^|[._-])(key|pem|p12|pfx|jks|keystore|htpasswd|kubeconfig|auth|credentials?)$/i.test(key) || /key$/i.test(key)) return true;
  // Run-together names: `rootpasswd`, `adminpassword`, `apitoken`.
  if (/passw(or)?d|passwd|secret|token|apikey|credential/i.test(key) && !/(name|file|path|ref)$/i.test(key)) return true;
  if (credentialShape(text) || embeddedCredentialLines(text).length > 0) return true;
  // A random-looking value (letters and digits, 16+ characters, no spaces) under any name: an access key, a token.
  const t = text.trim();
  return t.length >= 16 && !/\s/.test(t) && /[0-9]/.test(t) && /[A-Za-z]/.test(t) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(t) && !/^[\w.-]+\.(svc|local|com|org|net|io)(:\d+)?$/i.test(t);
}

/** Placeholders only: booleans and 0/1 switches are real (if weak) values in a Secret. */
function isInertPlaceholder(v: string): boolean {
  return isInertValue(v) && !/^(true|false|yes|no|on|off|[01])$/i.test(v.trim()) && !v.trim().startsWith("/");
}

/** The ExternalSecret that replaces the Secret: same name, namespace, labels, type and keys; store and remote key are placeholders. */
function externalSecretFor(o: KObject, keys: string[]): Record<string, Json> {
  const metadata: Record<string, Json> = { name: o.name };
  if (o.namespaceExplicit) metadata.namespace = o.namespace;
  if (Object.keys(o.labels).length) metadata.labels = { ...o.labels };
  const target: Record<string, Json> = { name: o.name, creationPolicy: "Owner" };
  const type = typeof o.value.type === "string" ? o.value.type : "Opaque";
  if (type !== "Opaque") target.template = { type };
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata,
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { kind: "ClusterSecretStore", name: STORE_PLACEHOLDER },
      target,
      data: keys.map((k) => ({ secretKey: k, remoteRef: { key: REMOTE_KEY_PLACEHOLDER, property: k } })),
    },
  };
}

export default defineRule({
  meta: {
    id: "secrets/secret-in-repository",
    title: "Secrets with values must not be committed; fetch them with an ExternalSecret",
    defaultSeverity: "error",
    kinds: ["Secret"],
    crossObject: false,
    appliesTo: "files", // a Secret in the cluster is where it belongs; only one committed to Git is a leak
    fix: "unsafe",
    guide: "§2C Secrets Management",
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1") return;
    const { keys, allKeys, values, field } = filledKeys(o);
    if (!field || isSopsEncrypted(o, values)) return;
    const shown = keys.length > 5 ? `${keys.slice(0, 5).join(", ")}, …` : keys.join(", ");
    ctx.report({
      message: `Secret "${o.name}" stores ${keys.length} value${keys.length === 1 ? "" : "s"} (${shown}) in the repository, readable by anyone who can read Git; fetch them with an ExternalSecret or encrypt the file (SOPS, SealedSecrets).`,
      path: [field],
      anchor: "key",
      fix: (): Fix | undefined => {
        const doc = externalSecretFor(o, allKeys);
        const step = indentStep(o), seq = seqIndent(o);
        const text = Object.entries(doc).map(([k, v]) => renderBlock([k], v as never, 0, step, seq)).join("");
        const edit = replaceDocument(o, `${commentLinesOf(o).map((l) => `${l}\n`).join("")}${text}`);
        return edit && {
          title: `Replace Secret "${o.name}" with an ExternalSecret — its values leave this file (store them in your secret manager first)`,
          safe: false,
          edits: [edit],
        };
      },
    });
  },
});
