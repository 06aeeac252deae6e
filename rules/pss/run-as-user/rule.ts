// pss/run-as-user: the Pod Security Admission check "runAsUser", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "runAsUser",
  title: "Containers must not set runAsUser: 0",
});
