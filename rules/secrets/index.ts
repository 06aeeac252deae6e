// Secrets management: nothing secret in Git, External Secrets, encryption at rest (guide §2C).
import type { Rule } from "../api.js";
import authDisabledEnv from "./auth-disabled-env/rule.js";
import configmapCredentials from "./configmap-credentials/rule.js";
import encryptionAtRestIdentity from "./encryption-at-rest-identity/rule.js";
import externalSecretStoreMissing from "./external-secret-store-missing/rule.js";
import literalSecretEnv from "./literal-secret-env/rule.js";
import secretGeneratorLiterals from "./secret-generator-literals/rule.js";
import secretInRepository from "./secret-in-repository/rule.js";

export const rules: readonly Rule[] = [
  authDisabledEnv,
  configmapCredentials,
  encryptionAtRestIdentity,
  externalSecretStoreMissing,
  literalSecretEnv,
  secretGeneratorLiterals,
  secretInRepository,
];
