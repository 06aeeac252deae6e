// pss/app-armor-profile: the Pod Security Admission check "appArmorProfile", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "appArmorProfile",
  title: "AppArmor must not be disabled",
});
