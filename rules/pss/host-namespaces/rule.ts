// pss/host-namespaces: the Pod Security Admission check "hostNamespaces", with PSA's own level and version semantics.
import { removeFieldFix, removeFieldSafety } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "hostNamespaces",
  title: "Pods must not share the host network, PID or IPC namespace",
  fix: "unsafe",
  fixFor: removeFieldFix,
  fixSafetyFor: removeFieldSafety,
  sources: { kubeLinter: ["host-network", "host-pid", "host-ipc"], polaris: ["hostNetworkSet", "hostPIDSet", "hostIPCSet"] },
});
