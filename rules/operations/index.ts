// Day-2 operations: pinned images for GitOps, certificate rotation, probes (guide §4).
import type { Rule } from "../api.js";
import certificateRenewBefore from "./certificate-renew-before/rule.js";
import chaosExperimentMissing from "./chaos-experiment-missing/rule.js";
import identicalProbes from "./identical-probes/rule.js";
import imageNotPinned from "./image-not-pinned/rule.js";
import ingressTlsUnmanaged from "./ingress-tls-unmanaged/rule.js";
import missingProbes from "./missing-probes/rule.js";
import namespaceDefinedTwice from "./namespace-defined-twice/rule.js";
import probePortNotDeclared from "./probe-port-not-declared/rule.js";
import pullPolicyMutableTag from "./pull-policy-mutable-tag/rule.js";

export const rules: readonly Rule[] = [
  certificateRenewBefore,
  chaosExperimentMissing,
  identicalProbes,
  imageNotPinned,
  ingressTlsUnmanaged,
  missingProbes,
  namespaceDefinedTwice,
  probePortNotDeclared,
  pullPolicyMutableTag,
];
