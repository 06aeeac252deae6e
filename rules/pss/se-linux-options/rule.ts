// pss/se-linux-options: the Pod Security Admission check "seLinuxOptions", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "seLinuxOptions",
  title: "SELinux options must not escalate",
});
