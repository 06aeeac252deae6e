// pss/capabilities-restricted: the Pod Security Admission check "capabilities_restricted", with PSA's own level and version semantics.
import { dropAllCapabilitiesFix } from "../fixes.js";
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "capabilities_restricted",
  title: "Containers must drop ALL capabilities",
  fix: "unsafe",
  fixFor: dropAllCapabilitiesFix,
  sources: { kubeLinter: ["drop-net-raw-capability"], polaris: ["insecureCapabilities"] },
});
