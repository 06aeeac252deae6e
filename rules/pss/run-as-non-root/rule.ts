// pss/run-as-non-root: the Pod Security Admission check "runAsNonRoot", with PSA's own level and version semantics.
import { runAsNonRootFix } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "runAsNonRoot",
  title: "Containers must run as non-root",
  fix: "unsafe",
  fixFor: runAsNonRootFix,
  sources: { kubeLinter: ["run-as-non-root"], polaris: ["runAsRootAllowed"], kubeScore: ["container-security-context-user-group-id"] },
});
