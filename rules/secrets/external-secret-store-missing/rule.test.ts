// Tests for secrets/external-secret-store-missing.
import assert from "node:assert/strict";
import { it } from "node:test";
import { findingsOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const es = (ref: string, extra = "") => `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: orders-db, namespace: shop}
spec:
  secretStoreRef: ${ref}
  target: {name: orders-db}
${extra}`;

const vaultStore = "apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata: {name: vault, namespace: shop}\nspec: {provider: {vault: {server: https://vault.example.com}}}\n";
const clusterStore = "apiVersion: external-secrets.io/v1\nkind: ClusterSecretStore\nmetadata: {name: aws}\nspec: {provider: {aws: {service: SecretsManager}}}\n";

testRule(rule, {
  valid: [
    { name: "SecretStore in the same namespace, in another file", yaml: es("{name: vault}"), files: { "file:///stores.yaml": vaultStore } },
    { name: "ClusterSecretStore", yaml: es("{name: aws, kind: ClusterSecretStore}"), files: { "file:///stores.yaml": clusterStore } },
    { name: "store managed elsewhere, listed in knownStores", yaml: es("{name: platform, kind: ClusterSecretStore}"), config: { rules: { "secrets/external-secret-store-missing": { knownStores: ["ClusterSecretStore/platform"] } } } },
    { name: "another group's ExternalSecret", yaml: es("{name: nowhere}").replace("external-secrets.io/v1", "example.com/v1") },
  ],
  invalid: [
    {
      name: "SecretStore only in another namespace",
      yaml: es("{name: vault}"),
      files: { "file:///stores.yaml": vaultStore.replace("namespace: shop", "namespace: billing") },
      findings: [{ line: 5, column: 26, message: 'ExternalSecret "orders-db" reads from SecretStore "vault", which is not defined in namespace "shop" in the files in scope, so the operator will not sync it. Add the store, or list it in knownStores if it is managed elsewhere.' }],
    },
    {
      name: "ClusterSecretStore missing, and a second store in dataFrom",
      yaml: es("{name: aws, kind: ClusterSecretStore}", "  dataFrom:\n    - sourceRef:\n        storeRef: {name: gcp, kind: ClusterSecretStore}\n"),
      findings: [
        { line: 5, column: 26, message: /reads from ClusterSecretStore "aws", which is not defined in the files/ },
        { line: 9, column: 26, message: /ClusterSecretStore "gcp"/ },
      ],
    },
    {
      name: "ClusterExternalSecret template",
      yaml: `apiVersion: external-secrets.io/v1
kind: ClusterExternalSecret
metadata: {name: shared}
spec:
  namespaceSelectors: [{matchLabels: {team: shop}}]
  externalSecretSpec:
    secretStoreRef: {name: vault}
`,
      findings: [{ line: 7, column: 28, message: /ClusterExternalSecret "shared" reads from SecretStore "vault", which is not defined in the files/ }],
    },
  ],
});

// One missing store is one fact (issue 13): several ExternalSecrets of a file reading from it draw one finding, on the
// first, with the others as related locations; another store or another namespace is another fact.
const two = `${es("{name: vault}")}---\n${es("{name: vault}").replace("name: orders-db", "name: payments-db").replace("name: orders-db", "name: payments-db")}`;
const onceCases: { name: string; yaml: string; expect: string[]; related: string[] }[] = [
  {
    name: "two ExternalSecrets, one missing SecretStore",
    yaml: two,
    expect: ['5:26 ExternalSecret "orders-db" and 1 other in this file read from SecretStore "vault"'],
    related: ['10:18 ExternalSecret "payments-db" reads from the same SecretStore'],
  },
  {
    name: "the second in another namespace: one finding each",
    yaml: two.replace(/namespace: shop}([^]*)namespace: shop}/, "namespace: shop}$1namespace: billing}"),
    expect: ['5:26 ExternalSecret "orders-db" reads from SecretStore "vault"', '12:26 ExternalSecret "payments-db" reads from SecretStore "vault"'],
    related: [],
  },
];
for (const c of onceCases) {
  it(`secrets/external-secret-store-missing once per store and file: ${c.name}`, () => {
    const found = findingsOf(rule, { name: c.name, yaml: c.yaml });
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message.split(", which")[0]}`), c.expect);
    assert.deepEqual((found[0].related ?? []).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`), c.related);
  });
}
