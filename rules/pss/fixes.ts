// Quick fixes for the PSS rules: one pod-level edit where it means the same as N container edits.
import type { Fix } from "../api.js";
import { appendToList, removeField, setField } from "../model/edit.js";
import { getIn } from "../model/object.js";
import type { Path } from "../model/position.js";
import type { PssFixContext } from "./pssRule.js";

function fix(title: string, edit: ReturnType<typeof setField>): Fix | undefined {
  return edit ? { title, safe: true, edits: [edit] } : undefined;
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
  if (last === "runAsNonRoot" && getIn(o.value, path) === false) {
    return fix("Set runAsNonRoot: true", setField(o, path, true));
  }
  const edit = setField(o, [...t.specPath, "securityContext", "runAsNonRoot"], true);
  if (!edit) return undefined;
  // With an explicit runAsUser: 0 somewhere, runAsNonRoot makes the kubelet refuse to start that container:
  // still the right direction, but not a change fix-all may make behind the user's back.
  // An image that runs as root will not start either: the kubelet checks the image's user. Never in fix-all.
  const rootUser = JSON.stringify(t.spec).includes('"runAsUser":0');
  return rootUser
    ? { title: "Set runAsNonRoot: true for the pod (a container sets runAsUser: 0 and will not start until that changes)", safe: false, edits: [edit] }
    : { title: "Set runAsNonRoot: true for the pod (check that the image runs as a non-root user)", safe: false, edits: [edit] };
}

export function allowPrivilegeEscalationFix(ctx: PssFixContext): Fix | undefined {
  const c = containerOf(ctx.path);
  if (!c) return undefined;
  return fix(`Set allowPrivilegeEscalation: false on container "${containerName(ctx, c)}"`,
    setField(ctx.object, [...c, "securityContext", "allowPrivilegeEscalation"], false));
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
  return edit ? { title: `Drop ALL capabilities in container "${containerName(ctx, c)}" (check that it needs none)`, safe: false, edits: [edit] } : undefined;
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
  return fix(`Remove ${String(last)}: true`, removeField(ctx.object, ctx.path));
}
