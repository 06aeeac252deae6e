// pss/restricted-volumes: the Pod Security Admission check "restrictedVolumes", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "restrictedVolumes",
  title: "Only core volume types may be used",
});
