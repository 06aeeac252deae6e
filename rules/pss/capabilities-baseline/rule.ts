// pss/capabilities-baseline: the Pod Security Admission check "capabilities_baseline", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "capabilities_baseline",
  title: "Containers may add only the default capabilities",
  sources: { polaris: ["dangerousCapabilities", "insecureCapabilities"] },
});
