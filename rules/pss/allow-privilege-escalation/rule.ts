// pss/allow-privilege-escalation: the Pod Security Admission check "allowPrivilegeEscalation", with PSA's own level and version semantics.
import { allowPrivilegeEscalationFix, allowPrivilegeEscalationSafety } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "allowPrivilegeEscalation",
  title: "Containers must set allowPrivilegeEscalation: false",
  fix: "safe",
  fixFor: allowPrivilegeEscalationFix,
  fixSafetyFor: allowPrivilegeEscalationSafety,
  sources: { kubeLinter: ["privilege-escalation-container"], polaris: ["privilegeEscalationAllowed"] },
});
