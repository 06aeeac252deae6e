// pss/host-probes-and-host-lifecycle: the Pod Security Admission check "hostProbesAndHostLifecycle", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "hostProbesAndHostLifecycle",
  title: "Probes and lifecycle hooks must not target other hosts",
});
