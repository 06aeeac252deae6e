// Proves that no rule repeats a secret's value in a finding: message, key, fix titles (and, for this family's fixes, edits).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isCreate } from "../api.js";
import { analyzeFiles, type Finding } from "../engine.js";
import { RULES } from "../index.js";

// Distinctive values that appear nowhere else; each must never come back out of the engine.
export const CANARIES = {
  stringData: "KrCanary-StringData-7f3a91",
  data: "KrCanary-Data-b64-52c8e0",
  env: "KrCanary-EnvLiteral-0d4e77",
  envUrl: "KrCanary-UrlPassword-9a1b2c",
  configMapKey: "KrCanary-ConfigMapKey-3e5f60",
  configMapEmbedded: "KrCanary-Embedded-8c7d6e",
  pem: "KrCanaryPemBody4f2a1b",
} as const;

const b64 = (s: string) => Buffer.from(s).toString("base64");

export const CANARY_MANIFESTS = `apiVersion: v1
kind: Secret
metadata:
  name: canary-secret
  namespace: shop
type: Opaque
stringData:
  password: ${CANARIES.stringData}
data:
  token: ${b64(CANARIES.data)}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: canary-app
  namespace: shop
spec:
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec:
      containers:
        - name: app
          image: app
          env:
            - name: DB_PASSWORD
              value: ${CANARIES.env}
            - name: DATABASE_URL
              value: "postgres://app:${CANARIES.envUrl}@db:5432/app"
            - name: TLS_KEY
              value: "-----BEGIN RSA PRIVATE KEY-----\\n${CANARIES.pem}\\n-----END RSA PRIVATE KEY-----"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: canary-config
  namespace: shop
data:
  API_KEY: ${CANARIES.configMapKey}
  app.yaml: |
    auth:
      client_secret: "${CANARIES.configMapEmbedded}"
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: canary-prometheus
  namespace: shop
spec:
  replicas: 1
`;

/** Every form of every canary that must not leak: the value, its base64 form, and a fragment of its distinctive part. */
function forbidden(): string[] {
  const out: string[] = [];
  for (const v of Object.values(CANARIES)) out.push(v, b64(v), v.slice(-6));
  return out;
}

function leaks(text: string): string[] {
  return forbidden().filter((f) => text.includes(f));
}

const OWN_FAMILIES = ["secrets/", "observability/", "operations/"];

describe("no rule echoes a secret value", () => {
  const { findings } = analyzeFiles([{ uri: "file:///canary/manifests.yaml", text: CANARY_MANIFESTS }], undefined, RULES);

  it("the canaries are found by the secrets rules (the test can fail)", () => {
    const rules = new Set(findings.map((f) => f.rule));
    for (const id of ["secrets/secret-in-repository", "secrets/literal-secret-env", "secrets/configmap-credentials"]) assert.ok(rules.has(id), `${id} did not fire`);
    assert.ok(findings.filter((f) => f.rule === "secrets/literal-secret-env").length >= 3);
  });

  for (const field of ["message", "key"] as const) {
    it(`no ${field} contains a secret value`, () => {
      const bad = findings.flatMap((f: Finding) => leaks(f[field]).map((l) => `${f.rule}: ${l}`));
      assert.deepEqual(bad, []);
    });
  }

  it("no fix title contains a secret value", () => {
    const bad = findings.flatMap((f) => (f.fixes?.() ?? []).flatMap((x) => leaks(x.title).map((l) => `${f.rule}: ${x.title} (${l})`)));
    assert.deepEqual(bad, []);
  });

  it("fixes of the secrets, observability and operations rules never write a secret value", () => {
    const own = findings.filter((f) => OWN_FAMILIES.some((p) => f.rule.startsWith(p)));
    const bad = own.flatMap((f) => (f.fixes?.() ?? []).flatMap((x) => x.edits.flatMap((e) => leaks(isCreate(e) ? e.text : e.newText).map((l) => `${f.rule}: ${x.title} (${l})`))));
    assert.deepEqual(bad, []);
  });

  it("the Secret fix says the values leave the file", () => {
    const f = findings.find((x) => x.rule === "secrets/secret-in-repository");
    assert.ok(f);
    assert.match(f.fixes!()[0].title, /values leave this file/);
  });
});
