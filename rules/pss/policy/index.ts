// Pod Security Admission, ported from k8s.io/pod-security-admission: evaluate a pod against a PSS level and version.
import { CHECKS, MAX_MINOR, activeChecks, overriddenChecks, resolveMinor, type ActiveCheck } from "./registry.js";
import { evaluating, obj, type Obj } from "./pod.js";
import type { ContainerRef, EvaluateOptions, Forbidden, Path, PssLevel, PssVersion, PssViolation } from "./types.js";

export type { ContainerKind, ContainerRef, EvaluateOptions, Path, PssLevel, PssVersion, PssViolation } from "./types.js";
export { activeChecks, resolveMinor } from "./registry.js";

/** The newest policy version any check defines; what `latest` means. */
export const PSS_LATEST_MINOR: number = MAX_MINOR;

/** Parses "latest" or "v1.N" exactly like api.ParseVersion (`^v1\.(0|[1-9][0-9]*)$`). */
export function parsePssVersion(text: string): PssVersion | undefined {
  if (text === "latest") return "latest";
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(text);
  if (!match) return undefined;
  const minor = Number(match[1]);
  return Number.isSafeInteger(minor) ? { major: 1, minor } : undefined;
}

export function formatPssVersion(version: PssVersion): string {
  return version === "latest" ? "latest" : `v${version.major}.${version.minor}`;
}

/** Parses a level exactly like api.ParseLevel. */
export function parsePssLevel(text: string): PssLevel | undefined {
  return text === "privileged" || text === "baseline" || text === "restricted" ? text : undefined;
}

export interface PssCheckInfo {
  id: string;
  level: "baseline" | "restricted";
  title: string;
  /** Baseline checks any revision of this check replaces in the restricted profile. */
  overrides?: string[];
  versions: { minimumVersion: string; overrides?: string[]; upstream: string }[];
}

/** Metadata for all 19 checks, in registry order. */
export const PSS_CHECKS: readonly PssCheckInfo[] = CHECKS.map((c) => {
  const overrides = [...new Set(c.versions.flatMap((v) => v.overrides ?? []))];
  return {
    id: c.id,
    level: c.level,
    title: c.title,
    ...(overrides.length > 0 ? { overrides } : {}),
    versions: c.versions.map((v) => ({
      minimumVersion: `v1.${v.minimumVersion}`,
      ...(v.overrides ? { overrides: [...v.overrides] } : {}),
      upstream: v.upstream,
    })),
  };
});

/**
 * Evaluates a pod (its metadata and spec, as plain objects) like PSA's EvaluatePod and returns one violation per
 * forbidding check. Never throws: fields of the wrong type are treated as absent.
 */
export function evaluatePod(podMetadata: unknown, podSpec: unknown, level: PssLevel, version: PssVersion, options: EvaluateOptions = {}): PssViolation[] {
  const meta = obj(podMetadata) ?? {};
  const spec = obj(podSpec) ?? {};
  return evaluating(spec, () => evaluateChecks(meta, spec, level, version, options));
}

function evaluateChecks(meta: Obj, spec: Obj, level: PssLevel, version: PssVersion, options: EvaluateOptions): PssViolation[] {
  const violations: PssViolation[] = [];
  for (const { check, revision } of activeChecks(level, version)) {
    const forbidden = revision.checkPod(meta, spec);
    if (forbidden) violations.push(toViolation(check, forbidden));
  }
  // An overridden baseline check is reported only beside a restricted check that fired: none fired, none to add.
  if (level !== "restricted" || !options.includeOverridden || violations.length === 0) return violations;

  const fired = new Set(violations.map((v) => v.checkId));
  const active = violations.length;
  for (const { check, revision, overriders } of overriddenChecks(version)) {
    const by = overriders.filter((id) => fired.has(id));
    if (by.length === 0) continue;
    const forbidden = revision.checkPod(meta, spec);
    if (forbidden) violations.push({ ...toViolation(check, forbidden), overriddenBy: by });
  }
  // PSA's order: baseline check IDs sorted, then restricted ones (activeChecks' order, unless overridden ones joined).
  if (violations.length === active) return violations;
  return violations.sort((a, b) => (a.level !== b.level ? (a.level === "baseline" ? -1 : 1) : a.checkId < b.checkId ? -1 : a.checkId > b.checkId ? 1 : 0));
}

function toViolation(check: ActiveCheck["check"], forbidden: Forbidden): PssViolation {
  const violation: PssViolation = {
    checkId: check.id,
    level: check.level,
    reason: forbidden.reason,
    detail: forbidden.detail,
    paths: forbidden.paths.map((p: Path) => [...p]),
  };
  if (forbidden.containers && forbidden.containers.length > 0) {
    violation.containers = forbidden.containers.map((r: ContainerRef) => ({ ...r }));
  }
  return violation;
}

/** The check IDs that replace `checkId` in the restricted profile at a version (e.g. procMount -> procMount_restricted at 1.35+). */
export function overridersOf(checkId: string, version: PssVersion): string[] {
  return activeChecks("restricted", version)
    .filter((a) => a.revision.overrides?.includes(checkId))
    .map((a) => a.check.id);
}

/** The policy version that `version` resolves to after PSA's clamp (latest and newer -> the newest defined). */
export function effectiveVersion(version: PssVersion): { major: 1; minor: number } {
  return { major: 1, minor: resolveMinor(version) };
}
