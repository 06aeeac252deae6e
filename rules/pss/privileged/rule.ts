// pss/privileged: the Pod Security Admission check "privileged", with PSA's own level and version semantics.
import { removeFieldFix, removeFieldSafety } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "privileged",
  title: "Containers must not run privileged",
  fix: "unsafe",
  fixFor: removeFieldFix,
  fixSafetyFor: removeFieldSafety,
  sources: { kubeLinter: ["privileged-container"], polaris: ["privilegedContainers"], kubeScore: ["container-security-context-privileged"] },
});
