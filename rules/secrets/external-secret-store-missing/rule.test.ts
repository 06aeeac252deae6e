// Tests for secrets/external-secret-store-missing.
import { testRule } from "../../testing.js";
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
