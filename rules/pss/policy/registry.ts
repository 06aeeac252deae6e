// The PSA check registry (policy/registry.go): which revision of which check runs at a level and version.
import { allowPrivilegeEscalationCheck } from "./checks/allow-privilege-escalation.js";
import { appArmorProfileCheck } from "./checks/app-armor-profile.js";
import { capabilitiesBaselineCheck } from "./checks/capabilities-baseline.js";
import { capabilitiesRestrictedCheck } from "./checks/capabilities-restricted.js";
import { hostNamespacesCheck } from "./checks/host-namespaces.js";
import { hostPathVolumesCheck } from "./checks/host-path-volumes.js";
import { hostPortsCheck } from "./checks/host-ports.js";
import { hostProbesAndHostLifecycleCheck } from "./checks/host-probes-and-host-lifecycle.js";
import { privilegedCheck } from "./checks/privileged.js";
import { procMountCheck, procMountRestrictedCheck } from "./checks/proc-mount.js";
import { restrictedVolumesCheck } from "./checks/restricted-volumes.js";
import { runAsNonRootCheck } from "./checks/run-as-non-root.js";
import { runAsUserCheck } from "./checks/run-as-user.js";
import { seLinuxOptionsCheck } from "./checks/se-linux-options.js";
import { seccompProfileBaselineCheck } from "./checks/seccomp-profile-baseline.js";
import { seccompProfileRestrictedCheck } from "./checks/seccomp-profile-restricted.js";
import { sysctlsCheck } from "./checks/sysctls.js";
import { windowsHostProcessCheck } from "./checks/windows-host-process.js";
import type { Check, PssLevel, PssVersion, VersionedCheck } from "./types.js";

/** All 19 checks of DefaultChecks(): 12 baseline, 7 restricted. */
export const CHECKS: readonly Check[] = [
  appArmorProfileCheck,
  capabilitiesBaselineCheck,
  hostNamespacesCheck,
  hostPathVolumesCheck,
  hostPortsCheck,
  hostProbesAndHostLifecycleCheck,
  privilegedCheck,
  procMountCheck,
  seLinuxOptionsCheck,
  seccompProfileBaselineCheck,
  sysctlsCheck,
  windowsHostProcessCheck,
  allowPrivilegeEscalationCheck,
  capabilitiesRestrictedCheck,
  procMountRestrictedCheck,
  restrictedVolumesCheck,
  runAsNonRootCheck,
  runAsUserCheck,
  seccompProfileRestrictedCheck,
];

/** maxVersion: the newest MinimumVersion of any check; `latest` and newer versions resolve to it. */
export const MAX_MINOR: number = Math.max(...CHECKS.map((c) => c.versions[c.versions.length - 1].minimumVersion));

/** Go's sort of CheckIDs: byte order. */
const byId = (a: Check, b: Check) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const BASELINE = CHECKS.filter((c) => c.level === "baseline").sort(byId);
const RESTRICTED = CHECKS.filter((c) => c.level === "restricted").sort(byId);

/** The policy minor version a (level, version) evaluation actually uses: EvaluatePod's clamp to maxVersion. */
export function resolveMinor(version: PssVersion): number {
  if (version === "latest") return MAX_MINOR;
  return Math.min(version.minor, MAX_MINOR);
}

/** The revision of a check in force at a policy minor version: the newest with MinimumVersion <= it (inflateVersions). */
export function revisionAt(check: Check, minor: number): VersionedCheck | undefined {
  let found: VersionedCheck | undefined;
  for (const v of check.versions) if (v.minimumVersion <= minor) found = v;
  return found;
}

/** Baseline checks the restricted profile replaces at a version, with the restricted checks replacing each. */
export function overriddenChecks(version: PssVersion): readonly OverriddenCheck[] {
  const minor = resolveMinor(version);
  let out = overriddenCache.get(minor);
  if (!out) overriddenCache.set(minor, (out = computeOverridden(minor)));
  return out;
}

export interface OverriddenCheck { check: Check; revision: VersionedCheck; overriders: string[] }
const overriddenCache = new Map<number, readonly OverriddenCheck[]>();

function computeOverridden(minor: number): OverriddenCheck[] {
  const out: OverriddenCheck[] = [];
  for (const check of BASELINE) {
    const revision = revisionAt(check, minor);
    if (!revision) continue;
    const overriders = RESTRICTED.filter((r) => revisionAt(r, minor)?.overrides?.includes(check.id)).map((r) => r.id);
    if (overriders.length > 0) out.push({ check, revision, overriders });
  }
  return out;
}

export interface ActiveCheck {
  check: Check;
  revision: VersionedCheck;
}

const cache = new Map<string, ActiveCheck[]>();

/**
 * The checks evaluated for a level and version, in PSA's order (baseline IDs sorted, then restricted IDs sorted).
 * Restricted includes every baseline check that no restricted revision in force overrides.
 * A check is absent before its first MinimumVersion (populate() never fills those versions).
 */
export function activeChecks(level: PssLevel, version: PssVersion): ActiveCheck[] {
  if (level === "privileged") return [];
  const minor = resolveMinor(version);
  const key = `${level}/${minor}`;
  const cached = cache.get(key);
  if (cached) return cached;

  const baseline: ActiveCheck[] = [];
  for (const check of BASELINE) {
    const revision = revisionAt(check, minor);
    if (revision) baseline.push({ check, revision });
  }
  let result: ActiveCheck[];
  if (level === "baseline") {
    result = baseline;
  } else {
    const restricted: ActiveCheck[] = [];
    const overridden = new Set<string>();
    for (const check of RESTRICTED) {
      const revision = revisionAt(check, minor);
      if (!revision) continue;
      restricted.push({ check, revision });
      for (const id of revision.overrides ?? []) overridden.add(id);
    }
    result = [...baseline.filter((a) => !overridden.has(a.check.id)), ...restricted];
  }
  cache.set(key, result);
  return result;
}
