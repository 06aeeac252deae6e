// pss/seccomp-profile-restricted: the Pod Security Admission check "seccompProfile_restricted", with PSA's own level and version semantics.
import { seccompRuntimeDefaultFix } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "seccompProfile_restricted",
  title: "A seccomp profile must be set",
  fix: "safe",
  fixFor: seccompRuntimeDefaultFix,
  sources: { kubeScore: ["container-seccomp-profile"] },
});
