// What a manifest already shows about how a container runs — the evidence a hardening fix needs to be *safe* (see
// docs/FIXES.md): a fix that makes a container run as non-root, drop capabilities or lose privileges is safe only when
// the manifest shows the container already works that way.
import type { Path } from "./position.js";
import { containersOf, effectiveSecurityContext, type ContainerRef, type PodTemplate } from "./podspec.js";

/** The container a path inside the object points into (…, "containers", 2, …), if any. */
export function containerAt(t: PodTemplate, path: Path): ContainerRef | undefined {
  for (const c of containersOf(t)) if (c.path.length <= path.length && c.path.every((s, i) => path[i] === s)) return c;
  return undefined;
}

/** The numeric user the container runs as, when the manifest says (container level over pod level). */
export function runAsUserOf(t: PodTemplate, c: ContainerRef): number | undefined {
  const v = effectiveSecurityContext(t, c, "runAsUser").value;
  return typeof v === "number" && Number.isInteger(v) ? v : undefined;
}

/** The manifest sets a numeric non-root runAsUser for the container (its own or the pod's). */
export function shownNonRootUser(t: PodTemplate, c: ContainerRef): boolean {
  const uid = runAsUserOf(t, c);
  return uid !== undefined && uid > 0;
}

/** The manifest shows the container runs as non-root: a numeric non-root user, or runAsNonRoot: true already enforced. */
export function shownNonRoot(t: PodTemplate, c: ContainerRef): boolean {
  const uid = runAsUserOf(t, c);
  if (uid !== undefined) return uid > 0;
  return effectiveSecurityContext(t, c, "runAsNonRoot").value === true;
}

/** Every container of the pod (init, regular, ephemeral) has a numeric non-root user. */
export function allShownNonRootUser(t: PodTemplate): boolean {
  const all = containersOf(t);
  return all.length > 0 && all.every((c) => shownNonRootUser(t, c));
}

/** Capabilities the container adds (they show it needs them). */
export function addedCapabilities(c: ContainerRef): string[] {
  const caps = (c.value.securityContext as { capabilities?: { add?: unknown } } | undefined)?.capabilities?.add;
  return Array.isArray(caps) ? caps.map(String) : [];
}

/** The container is privileged or adds CAP_SYS_ADMIN: the API server rejects allowPrivilegeEscalation: false on it. */
export function needsPrivilegeEscalation(t: PodTemplate, c: ContainerRef): boolean {
  if (effectiveSecurityContext(t, c, "privileged").value === true) return true;
  return addedCapabilities(c).some((x) => /^(CAP_)?SYS_ADMIN$/i.test(x));
}
