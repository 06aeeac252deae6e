// pss/host-path-volumes: the Pod Security Admission check "hostPathVolumes", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "hostPathVolumes",
  title: "Pods must not mount hostPath volumes",
  sources: { kubeLinter: ["sensitive-host-mounts"], polaris: ["hostPathSet"] },
});
