// pss/seccomp-profile-baseline: the Pod Security Admission check "seccompProfile_baseline", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "seccompProfile_baseline",
  title: "Seccomp must not be disabled",
});
