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
    // The store is provisioned elsewhere (a platform repository): the scope holds no store of that kind beside it.
    { name: "a store alone in a documentation snippet: no store is deployed with it", yaml: es("{name: vault-backend}") },
    { name: "a SecretStore only in another namespace is not deployed with it", yaml: es("{name: vault}"), files: { "file:///stores.yaml": vaultStore.replace("namespace: shop", "namespace: billing") } },
    { name: "ClusterSecretStores provisioned by the platform", yaml: es("{name: aws, kind: ClusterSecretStore}") },
    {
      name: "a folder of documentation snippets, each with its own store: no name close to the one read",
      yaml: es("{name: onepassword}"),
      files: Object.fromEntries(["1password-sdk", "akeyless", "gcp-store", "vault-backend"].map((n) => [`file:///test/${n}.yaml`, vaultStore.replace("name: vault,", `name: ${n},`)])),
    },
    {
      name: "a kustomize build with a remote base may hold the store",
      yaml: es("{name: vault-backend}"),
      files: { "file:///test/kustomization.yaml": "resources: [manifest.yaml, stores.yaml, 'https://github.com/example/platform//stores?ref=v1']\n", "file:///test/stores.yaml": vaultStore },
    },
  ],
  invalid: [
    {
      name: "a typo of one of many stores (a folder of examples) is still reported",
      yaml: es("{name: vault-backnd}"),
      files: Object.fromEntries(["vault-backend", "aws", "gcp", "azure"].map((n) => [`file:///test/${n}.yaml`, vaultStore.replace("name: vault,", `name: ${n},`)])),
      findings: [{ line: 5, message: /SecretStore "vault-backnd", which is not defined in namespace "shop" in the files in scope \(SecretStores here: "aws", "azure", "gcp", "vault-backend"\)/ }],
    },
    {
      name: "a store of that kind is deployed with it under another name: a typo",
      yaml: es("{name: vault-backend}"),
      files: { "file:///test/stores.yaml": vaultStore },
      findings: [{ line: 5, column: 26, message: 'ExternalSecret "orders-db" reads from SecretStore "vault-backend", which is not defined in namespace "shop" in the files in scope (SecretStores here: "vault"), so the operator will not sync it. Fix the name, or list it in knownStores if it is managed elsewhere.' }],
    },
    {
      name: "ClusterSecretStore missing beside another one, and a second store in dataFrom",
      yaml: es("{name: aws-prod, kind: ClusterSecretStore}", "  dataFrom:\n    - sourceRef:\n        storeRef: {name: gcp, kind: ClusterSecretStore}\n"),
      files: { "file:///test/stores.yaml": clusterStore },
      findings: [
        { line: 5, column: 26, message: /reads from ClusterSecretStore "aws-prod", which is not defined in the files in scope \(ClusterSecretStores here: "aws"\)/ },
        { line: 9, column: 26, message: /ClusterSecretStore "gcp"/ },
      ],
    },
  ],
});

// One missing store is one fact (issue 13): several ExternalSecrets of a file reading from it draw one finding, on the
// first, with the others as related locations; another store or another namespace is another fact.
const two = `${es("{name: vault}")}---\n${es("{name: vault}").replace("name: orders-db", "name: payments-db").replace("name: orders-db", "name: payments-db")}`;
const onceCases: { name: string; yaml: string; files: Record<string, string>; expect: string[]; related: string[] }[] = [
  {
    name: "two ExternalSecrets, one missing SecretStore",
    yaml: two,
    files: { "file:///test/stores.yaml": vaultStore.replace("name: vault,", "name: vault-prod,") },
    expect: ['5:26 ExternalSecret "orders-db" and 1 other in this file read from SecretStore "vault"'],
    related: ['10:18 ExternalSecret "payments-db" reads from the same SecretStore'],
  },
  {
    name: "the second in another namespace: one finding each",
    yaml: two.replace(/namespace: shop}([^]*)namespace: shop}/, "namespace: shop}$1namespace: billing}"),
    files: {
      "file:///test/stores.yaml": vaultStore.replace("name: vault,", "name: vault-prod,"),
      "file:///test/stores-billing.yaml": vaultStore.replace("name: vault,", "name: vault-prod,").replace("namespace: shop", "namespace: billing"),
    },
    expect: ['5:26 ExternalSecret "orders-db" reads from SecretStore "vault"', '12:26 ExternalSecret "payments-db" reads from SecretStore "vault"'],
    related: [],
  },
];
for (const c of onceCases) {
  it(`secrets/external-secret-store-missing once per store and file: ${c.name}`, () => {
    const found = findingsOf(rule, { name: c.name, yaml: c.yaml, files: c.files });
    assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message.split(", which")[0]}`), c.expect);
    assert.deepEqual((found[0].related ?? []).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`), c.related);
  });
}
