// Types shared by the Pod Security Admission port: levels, versions, check definitions and violations.

export type PssLevel = "privileged" | "baseline" | "restricted";
/** A PSS policy version: v1.N or latest (api.Version in k8s.io/pod-security-admission). */
export type PssVersion = { major: 1; minor: number } | "latest";
/** A path relative to the pod object root, e.g. ["spec", "containers", 0, "securityContext", "privileged"]. */
export type Path = (string | number)[];

export type ContainerKind = "initContainers" | "containers" | "ephemeralContainers";
export interface ContainerRef {
  kind: ContainerKind;
  index: number;
  name: string;
}

export interface PssViolation {
  /** The exact PSA check ID, e.g. "hostNamespaces", "capabilities_restricted". */
  checkId: string;
  level: "baseline" | "restricted";
  /** PSA's ForbiddenReason. */
  reason: string;
  /** PSA's ForbiddenDetail. */
  detail: string;
  /** One entry per offending field; a missing field is reported where it should be. */
  paths: Path[];
  containers?: ContainerRef[];
  /**
   * Only with `includeOverridden`: this baseline check is replaced at this level and version by the named restricted
   * check (which fired too), so PSA itself would not report it.
   */
  overriddenBy?: string[];
}

export interface EvaluateOptions {
  /**
   * In the restricted profile, also report a baseline check that a restricted twin replaces (OverrideCheckIDs),
   * when that twin fired as well. The verdict never changes: the pod is denied either way.
   */
  includeOverridden?: boolean;
}

/** What a check reports when it forbids a pod (CheckResult with Allowed=false). */
export interface Forbidden {
  reason: string;
  detail: string;
  paths: Path[];
  containers?: ContainerRef[];
}

/** CheckPodFn: undefined means allowed. */
export type CheckPodFn = (podMetadata: Record<string, unknown>, podSpec: Record<string, unknown>) => Forbidden | undefined;

export interface VersionedCheck {
  /** The first policy minor version (1.N) this revision applies to. */
  minimumVersion: number;
  checkPod: CheckPodFn;
  /** Baseline check IDs this restricted revision replaces (OverrideCheckIDs). */
  overrides?: string[];
  /** The Go function this revision ports, for the catalog and for reviewers. */
  upstream: string;
}

export interface Check {
  id: string;
  level: "baseline" | "restricted";
  title: string;
  /** Strictly increasing minimumVersion. */
  versions: VersionedCheck[];
}
