// PSA check "appArmorProfile" (check_appArmorProfile.go): AppArmor field types and beta annotations.
// One revision at 1.0 that reads both the appArmorProfile fields and the
// container.apparmor.security.beta.kubernetes.io/* annotations: upstream amended appArmorProfile_1_0
// in place when the fields arrived, so every policy version checks both.
import { containersOf, goQuote, joinQuote, obj, podSecurityContext, pluralize, securityContextOf, sortedUnique, str } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

function allowedAnnotationValue(profile: string): boolean {
  return profile.length === 0 || profile === "runtime/default" || profile.startsWith("localhost/");
}

function allowedProfileType(type: string): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

const appArmorProfile_1_0: CheckPodFn = (meta, spec) => {
  const badSetters: string[] = [];
  const badValues: string[] = [];
  const paths: Path[] = [];

  const podProfile = obj(podSecurityContext(spec)?.appArmorProfile);
  if (podProfile) {
    const type = str(podProfile.type);
    if (!allowedProfileType(type)) {
      badSetters.push("pod");
      badValues.push(type);
      paths.push(["spec", "securityContext", "appArmorProfile", "type"]);
    }
  }

  const bad: ContainerRef[] = [];
  for (const c of containersOf(spec)) {
    const profile = obj(securityContextOf(c)?.appArmorProfile);
    if (!profile) continue;
    const type = str(profile.type);
    if (!allowedProfileType(type)) {
      bad.push(c.ref);
      badValues.push(type);
      paths.push([...c.path, "securityContext", "appArmorProfile", "type"]);
    }
  }
  if (bad.length > 0) badSetters.push(`${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))}`);

  const forbiddenAnnotations: string[] = [];
  const annotations = obj(meta.annotations) ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    // map[string]string: a non-string value cannot decode; treat it as absent.
    if (typeof value !== "string") continue;
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAnnotationValue(value)) {
      forbiddenAnnotations.push(`${key}=${goQuote(value)}`);
      paths.push(["metadata", "annotations", key]);
    }
  }

  const badValueList = sortedUnique(badValues);
  if (forbiddenAnnotations.length > 0) {
    forbiddenAnnotations.sort();
    badValueList.push(...forbiddenAnnotations);
    badSetters.push(pluralize("annotation", "annotations", forbiddenAnnotations.length));
  }
  if (badSetters.length === 0) return undefined;
  return {
    reason: pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", badValueList.length),
    detail: `${badSetters.join(" and ")} must not set AppArmor profile type to ${joinQuote(badValueList)}`,
    paths,
    ...(bad.length > 0 ? { containers: bad } : {}),
  };
};

export const appArmorProfileCheck: Check = {
  id: "appArmorProfile",
  level: "baseline",
  title: "AppArmor profile",
  versions: [{ minimumVersion: 0, checkPod: appArmorProfile_1_0, upstream: "appArmorProfile_1_0" }],
};
