// pss/windows-host-process: the Pod Security Admission check "windowsHostProcess", with PSA's own level and version semantics.
import { pssRule } from "../pssRule.js";

export default pssRule({
  checkId: "windowsHostProcess",
  title: "Windows HostProcess containers are forbidden",
});
