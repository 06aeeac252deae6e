// The Pod Security Standards family: one rule per Pod Security Admission check, plus the namespace enforce-label rule.
import type { Rule } from "../api.js";
import allow_privilege_escalation from "./allow-privilege-escalation/rule.js";
import app_armor_profile from "./app-armor-profile/rule.js";
import capabilities_baseline from "./capabilities-baseline/rule.js";
import capabilities_restricted from "./capabilities-restricted/rule.js";
import host_namespaces from "./host-namespaces/rule.js";
import host_path_volumes from "./host-path-volumes/rule.js";
import host_ports from "./host-ports/rule.js";
import host_probes_and_host_lifecycle from "./host-probes-and-host-lifecycle/rule.js";
import privileged from "./privileged/rule.js";
import proc_mount from "./proc-mount/rule.js";
import proc_mount_restricted from "./proc-mount-restricted/rule.js";
import restricted_volumes from "./restricted-volumes/rule.js";
import run_as_non_root from "./run-as-non-root/rule.js";
import run_as_user from "./run-as-user/rule.js";
import se_linux_options from "./se-linux-options/rule.js";
import seccomp_profile_baseline from "./seccomp-profile-baseline/rule.js";
import seccomp_profile_restricted from "./seccomp-profile-restricted/rule.js";
import sysctls from "./sysctls/rule.js";
import windows_host_process from "./windows-host-process/rule.js";

export const rules: readonly Rule[] = [
  allow_privilege_escalation,
  app_armor_profile,
  capabilities_baseline,
  capabilities_restricted,
  host_namespaces,
  host_path_volumes,
  host_ports,
  host_probes_and_host_lifecycle,
  privileged,
  proc_mount,
  proc_mount_restricted,
  restricted_volumes,
  run_as_non_root,
  run_as_user,
  se_linux_options,
  seccomp_profile_baseline,
  seccomp_profile_restricted,
  sysctls,
  windows_host_process,
];
