// PSA check "seccompProfile_baseline" (check_seccompProfile_baseline.go): no Unconfined seccomp.
// Policy 1.0-1.18 read the alpha annotations; 1.19+ read the seccompProfile fields.
import { containersOf, goQuote, joinQuote, obj, podSecurityContext, pluralize, securityContextOf, sortedUnique, str } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

export const SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
export const SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

export function validSeccompType(type: string): boolean {
  return type === "Localhost" || type === "RuntimeDefault";
}

function validSeccompAnnotationValue(value: string): boolean {
  return value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/");
}

/** seccompProfileBaseline_1_0: the pod annotation and container.seccomp...<container name> annotations. */
const seccompProfileBaseline_1_0: CheckPodFn = (meta, spec) => {
  const annotations = obj(meta.annotations) ?? {};
  const forbidden: string[] = [];
  const paths: Path[] = [];
  const bad: ContainerRef[] = [];
  const check = (key: string, ref?: ContainerRef) => {
    if (!Object.prototype.hasOwnProperty.call(annotations, key)) return;
    const value = annotations[key];
    if (typeof value !== "string") return;
    if (!validSeccompAnnotationValue(value)) {
      const entry = `${key}=${goQuote(value)}`;
      if (!forbidden.includes(entry)) paths.push(["metadata", "annotations", key]);
      forbidden.push(entry);
      if (ref) bad.push(ref);
    }
  };
  check(SECCOMP_POD_ANNOTATION);
  for (const c of containersOf(spec)) check(SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name, c.ref);
  const list = sortedUnique(forbidden);
  if (list.length === 0) return undefined;
  return {
    reason: "seccompProfile",
    detail: `forbidden ${pluralize("annotation", "annotations", list.length)} ${list.join(", ")}`,
    paths,
    ...(bad.length > 0 ? { containers: bad } : {}),
  };
};

/** seccompProfileBaseline_1_19: an explicitly set seccompProfile.type must be RuntimeDefault or Localhost. */
const seccompProfileBaseline_1_19: CheckPodFn = (_meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const paths: Path[] = [];
  const podProfile = obj(podSecurityContext(spec)?.seccompProfile);
  if (podProfile && !validSeccompType(str(podProfile.type))) {
    badSetters.push("pod");
    badValues.push(str(podProfile.type));
    paths.push(["spec", "securityContext", "seccompProfile", "type"]);
  }
  const bad: ContainerRef[] = [];
  for (const c of containersOf(spec)) {
    const profile = obj(securityContextOf(c)?.seccompProfile);
    if (profile && !validSeccompType(str(profile.type))) {
      bad.push(c.ref);
      badValues.push(str(profile.type));
      paths.push([...c.path, "securityContext", "seccompProfile", "type"]);
    }
  }
  if (bad.length > 0) badSetters.push(`${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))}`);
  if (badSetters.length === 0) return undefined;
  return {
    reason: "seccompProfile",
    detail: `${badSetters.join(" and ")} must not set securityContext.seccompProfile.type to ${joinQuote(sortedUnique(badValues))}`,
    paths,
    ...(bad.length > 0 ? { containers: bad } : {}),
  };
};

export const seccompProfileBaselineCheck: Check = {
  id: "seccompProfile_baseline",
  level: "baseline",
  title: "Seccomp profile",
  versions: [
    { minimumVersion: 0, checkPod: seccompProfileBaseline_1_0, upstream: "seccompProfileBaseline_1_0 (alpha annotations)" },
    { minimumVersion: 19, checkPod: seccompProfileBaseline_1_19, upstream: "seccompProfileBaseline_1_19 (seccompProfile fields)" },
  ],
};
