// Quick fixes for the PSS rules: one pod-level edit where it means the same as N container edits.
import type { Fix } from "../api.js";
import { appendToList, removeField, setField } from "../model/edit.js";
import { getIn } from "../model/object.js";
import type { Path } from "../model/position.js";
import { allShownNonRootUser, containerAt, needsPrivilegeEscalation, shownNonRoot, shownNonRootUser, addedCapabilities } from "../model/runtime-safety.js";
import type { PssFixContext } from "./pssRule.js";

function fix(title: string, edit: ReturnType<typeof setField>, safe = true): Fix | undefined {
  return edit ? { title, safe, edits: [edit] } : undefined;
}

// Safety of each fix (docs/FIXES.md): safe only when the manifest already shows the container works that way.

/** runAsNonRoot: the containers it applies to all have a numeric non-root runAsUser. */
export function runAsNonRootSafety(ctx: PssFixContext): "safe" | "unsafe" {
  const { object: o, template: t, path } = ctx;
  const c = containerAt(t, path);
  if (path[path.length - 1] === "runAsNonRoot" && getIn(o.value, path) === false && c) return shownNonRootUser(t, c) ? "safe" : "unsafe";
  return allShownNonRootUser(t) ? "safe" : "unsafe";
}

/** allowPrivilegeEscalation: false is rejected by the API server on a privileged container or one adding SYS_ADMIN. */
export function allowPrivilegeEscalationSafety(ctx: PssFixContext): "safe" | "unsafe" {
  const c = containerAt(ctx.template, ctx.path);
  return c && needsPrivilegeEscalation(ctx.template, c) ? "unsafe" : "safe";
}

/** Dropping ALL capabilities: safe when the container is shown to run as non-root and adds none. */
export function dropAllCapabilitiesSafety(ctx: PssFixContext): "safe" | "unsafe" {
  const c = containerAt(ctx.template, ctx.path);
  return c && shownNonRoot(ctx.template, c) && addedCapabilities(c).length === 0 ? "safe" : "unsafe";
}

/** Removing privileged or a host namespace can always break what needs it. */
export function removeFieldSafety(): "safe" | "unsafe" {
  return "unsafe";
}

/** The container path prefix of a path (…, "containers", 2), or undefined for pod-level paths. */
function containerOf(path: Path): Path | undefined {
  const i = path.findIndex((seg) => seg === "containers" || seg === "initContainers" || seg === "ephemeralContainers");
  return i >= 0 && typeof path[i + 1] === "number" ? path.slice(0, i + 2) : undefined;
}

function containerName(ctx: PssFixContext, container: Path): string {
  const name = getIn(ctx.object.value, [...container, "name"]);
  return typeof name === "string" ? name : "container";
}

/** runAsNonRoot: an explicit `false` is flipped where it is; otherwise the pod gets `runAsNonRoot: true` once. */
export function runAsNonRootFix(ctx: PssFixContext): Fix | undefined {
  const { object: o, template: t, path } = ctx;
  const last = path[path.length - 1];
  const safe = runAsNonRootSafety(ctx) === "safe";
  if (last === "runAsNonRoot" && getIn(o.value, path) === false) {
    return fix(safe ? "Set runAsNonRoot: true" : "Set runAsNonRoot: true (may stop images that run as root)", setField(o, path, true), safe);
  }
  const edit = setField(o, [...t.specPath, "securityContext", "runAsNonRoot"], true);
  if (!edit) return undefined;
  // With an explicit runAsUser: 0 somewhere, runAsNonRoot makes the kubelet refuse to start that container:
  // still the right direction, but not a change fix-all may make behind the user's back.
  // An image that runs as root will not start either: the kubelet checks the image's user. Never in fix-all.
  const rootUser = JSON.stringify(t.spec).includes('"runAsUser":0');
  return rootUser
    ? { title: "Set runAsNonRoot: true for the pod (a container sets runAsUser: 0 and will not start until that changes)", safe: false, edits: [edit] }
    : { title: safe ? "Set runAsNonRoot: true for the pod" : "Set runAsNonRoot: true for the pod (may stop images that run as root)", safe, edits: [edit] };
}

export function allowPrivilegeEscalationFix(ctx: PssFixContext): Fix | undefined {
  const c = containerOf(ctx.path);
  if (!c) return undefined;
  // The API server rejects allowPrivilegeEscalation: false on a privileged container or one adding SYS_ADMIN: no fix
  // is offered that would make the object unappliable (remove the privilege first, then this fix appears).
  if (allowPrivilegeEscalationSafety(ctx) !== "safe") return undefined;
  return fix(`Set allowPrivilegeEscalation: false on container "${containerName(ctx, c)}"`,
    setField(ctx.object, [...c, "securityContext", "allowPrivilegeEscalation"], false), true);
}

/**
 * capabilities_restricted: add ALL to drop. Capabilities that are added are left to the user (they may be needed).
 * Dropping every capability can stop an application that needs one (CHOWN, SETUID in an entrypoint): not safe. A
 * lower-case "all" already drops everything at run time; writing it as "ALL" for admission changes nothing: safe.
 */
export function dropAllCapabilitiesFix(ctx: PssFixContext): Fix | undefined {
  const c = containerOf(ctx.path);
  if (!c || ctx.path.includes("add")) return undefined;
  const dropPath = [...c, "securityContext", "capabilities", "drop"];
  const drop = getIn(ctx.object.value, dropPath);
  if (Array.isArray(drop) && drop.includes("ALL")) return undefined;
  const lower = Array.isArray(drop) ? drop.findIndex((d) => typeof d === "string" && d.toUpperCase() === "ALL") : -1;
  if (lower >= 0) return fix(`Write "ALL" in upper case in container "${containerName(ctx, c)}" (Pod Security admission compares it exactly)`, setField(ctx.object, [...dropPath, lower], "ALL"));
  const edit = Array.isArray(drop) ? appendToList(ctx.object, dropPath, ["ALL"]) : setField(ctx.object, dropPath, ["ALL"]);
  const safe = dropAllCapabilitiesSafety(ctx) === "safe";
  return fix(`Drop ALL capabilities in container "${containerName(ctx, c)}"${safe ? "" : " (may break images that run as root or need a capability)"}`, edit, safe);
}

/** seccompProfile_restricted: a container's explicit bad profile is replaced; a missing one is set once for the pod. */
export function seccompRuntimeDefaultFix(ctx: PssFixContext): Fix | undefined {
  const { object: o, template: t, path } = ctx;
  const i = path.indexOf("seccompProfile");
  if (i >= 0 && getIn(o.value, path.slice(0, i + 1)) !== undefined) {
    return fix("Set seccompProfile type: RuntimeDefault", setField(o, [...path.slice(0, i + 1), "type"], "RuntimeDefault"));
  }
  return fix("Set seccompProfile type: RuntimeDefault for the pod", setField(o, [...t.specPath, "securityContext", "seccompProfile"], { type: "RuntimeDefault" }));
}

/** hostNetwork / hostPID / hostIPC / privileged: remove the field (false is the default). */
export function removeFieldFix(ctx: PssFixContext): Fix | undefined {
  const last = ctx.path[ctx.path.length - 1];
  if (getIn(ctx.object.value, ctx.path) !== true) return undefined;
  const risk = last === "privileged" ? "may break containers that need host devices or kernel access" : `may break workloads that use the host's ${last === "hostNetwork" ? "network" : last === "hostPID" ? "processes" : "IPC"}`;
  return fix(`Remove ${String(last)}: true (${risk})`, removeField(ctx.object, ctx.path), removeFieldSafety() === "safe");
}
