// pss/host-ports: the Pod Security Admission check "hostPorts", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "hostPorts",
  title: "Containers must not bind host ports",
  sources: { polaris: ["hostPortSet"] },
});
