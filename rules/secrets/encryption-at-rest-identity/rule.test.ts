// Tests for secrets/encryption-at-rest-identity.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const enc = (resources: string) => `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
${resources}`;

testRule(rule, {
  valid: [
    { name: "kms first, identity last", yaml: enc("  - resources: [secrets]\n    providers:\n      - kms: {apiVersion: v2, name: vault, endpoint: unix:///var/run/kms.sock}\n      - identity: {}\n") },
    { name: "aescbc for every resource", yaml: enc("  - resources: [\"*.*\"]\n    providers:\n      - aescbc: {keys: [{name: key1, secret: \"<from-your-kms>\"}]}\n") },
    { name: "identity for configmaps only, secrets encrypted", yaml: enc("  - resources: [configmaps]\n    providers: [{identity: {}}]\n  - resources: [secrets]\n    providers: [{secretbox: {keys: [{name: k, secret: \"<k>\"}]}}]\n") },
  ],
  invalid: [
    {
      name: "identity first",
      yaml: enc("  - resources:\n      - secrets\n    providers:\n      - identity: {}\n      - aescbc: {keys: [{name: key1, secret: \"<k>\"}]}\n"),
      findings: [{ line: 7, column: 9, endColumn: 17, message: "The first provider for secrets is identity, so new Secrets are written to etcd unencrypted; put kms (v2), aescbc, aesgcm or secretbox first and keep identity last for reading old data." }],
    },
    {
      name: "the first matching entry wins: a wildcard with identity before secrets",
      yaml: enc("  - resources: [\"*.\"]\n    providers: [{identity: {}}]\n  - resources: [secrets]\n    providers: [{kms: {apiVersion: v2, name: k}}]\n"),
      findings: [{ line: 5, column: 18, message: /first provider for secrets is identity/ }],
    },
    {
      name: "secrets not listed",
      yaml: enc("  - resources: [configmaps]\n    providers: [{aesgcm: {keys: [{name: k, secret: \"<k>\"}]}}]\n"),
      findings: [{ line: 3, column: 1, message: /does not list secrets/ }],
    },
  ],
});
