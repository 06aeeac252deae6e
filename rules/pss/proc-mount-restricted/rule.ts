// pss/proc-mount-restricted: the Pod Security Admission check "procMount_restricted", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "procMount_restricted",
  title: "The /proc mount must keep its default masks, even in a user namespace",
});
