// pss/sysctls: the Pod Security Admission check "sysctls", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "sysctls",
  title: "Only safe sysctls may be set",
});
