// pss/proc-mount: the Pod Security Admission check "procMount", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "procMount",
  title: "The /proc mount must keep its default masks",
});
