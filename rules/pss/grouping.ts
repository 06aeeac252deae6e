// Root causes that several rules report: a container without a hardened securityContext (four restricted PSS checks
// and the read-only root check) and a hostPath volume (the baseline and the restricted volume checks).
import type { ComposedFinding, FactTag, Fix, GroupMember, GroupTag, TextEdit } from "../api.js";
import { composeEdits, type EditStep } from "../model/compose.js";
import { setFields, type Plain } from "../model/edit.js";
import type { KObject } from "../model/object.js";
import { containersOf, podTemplateOf, type PodTemplate } from "../model/podspec.js";
import { addedCapabilities, allShownNonRootUser, needsPrivilegeEscalation, shownNonRoot } from "../model/runtime-safety.js";

/** PSS checks that join the hardening group when the field is simply missing (never when it is set wrongly). */
export const HARDENING_GROUP: ReadonlySet<string> = new Set(["runAsNonRoot", "seccompProfile_restricted", "allowPrivilegeEscalation", "capabilities_restricted"]);

interface HardeningPart {
  /** PSA check id, or "readOnlyRootFilesystem" for hardening/read-only-root-filesystem. */
  check: string;
  containers: string[];
  level: "pod" | "container";
  /** The Pod Security Standard that applies, for PSS parts. */
  standard: string;
}

const PARTS: Record<string, { item: string; effect: string; level: "pod" | "container"; entries: Record<string, Plain>; safe: boolean }> = {
  runAsNonRoot: { item: "runAsNonRoot: true", effect: "run as root", level: "pod", entries: { runAsNonRoot: true }, safe: false },
  seccompProfile_restricted: { item: "seccompProfile: RuntimeDefault", effect: "make any system call", level: "pod", entries: { seccompProfile: { type: "RuntimeDefault" } }, safe: true },
  allowPrivilegeEscalation: { item: "allowPrivilegeEscalation: false", effect: "gain privileges through setuid binaries", level: "container", entries: { allowPrivilegeEscalation: false }, safe: true },
  readOnlyRootFilesystem: { item: "readOnlyRootFilesystem: true", effect: "write to the root filesystem", level: "container", entries: { readOnlyRootFilesystem: true }, safe: false },
  capabilities_restricted: { item: "capabilities.drop: [ALL]", effect: "keep the runtime's default capabilities", level: "container", entries: { capabilities: { drop: ["ALL"] } }, safe: false },
};
const ORDER = ["runAsNonRoot", "seccompProfile_restricted", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities_restricted"];

export function hardeningTag(rule: string, check: string, containers: string[], level: "pod" | "container", standard: string): GroupTag {
  void rule;
  return { key: "hardening", item: `${PARTS[check]?.item ?? check} missing`, data: { check, containers, level, standard } satisfies HardeningPart, compose: composeHardening };
}

/**
 * The root cause every part of the hardening group states: these containers (the pod, when none is named) are not
 * hardened. Shared by the parts, so the group found in one rendering of an object and the group found in another
 * (other parts missing there: an overlay removed a field) are one finding. Keyed by the whole set of containers: two
 * alternative examples whose pods share a name but not their containers stay two findings.
 */
export function hardeningFact(containers: readonly string[]): FactTag {
  return { shared: [`hardening:${[...containers].sort().join(",")}`] };
}

function quote(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function composeHardening(o: KObject, members: readonly GroupMember[]): ComposedFinding {
  const parts = members.map((m) => m.data as HardeningPart).sort((a, b) => ORDER.indexOf(a.check) - ORDER.indexOf(b.check));
  const t = podTemplateOf(o);
  const all = t ? containersOf(t) : [];
  const named = new Set(parts.flatMap((p) => p.containers));
  const containers = all.filter((c) => named.has(c.name));
  const names = containers.map((c) => c.name);
  const bare = containers.length > 0 && containers.every((c) => c.value.securityContext === undefined);
  const one = names.length === 1;
  const subject = names.length === 0
    ? `The pod of ${o.kind} "${o.name}"`
    : `${one ? "Container" : "Containers"} ${quote(names)}`;
  const state = bare ? (one ? "sets no securityContext" : "set no securityContext") : (one ? "is not hardened" : "are not hardened");
  const items = parts.map((p) => PARTS[p.check]?.item ?? p.check);
  const effects = parts.map((p) => PARTS[p.check]?.effect).filter((e): e is string => !!e);
  const standard = parts.find((p) => p.standard)?.standard;
  const rofs = parts.some((p) => p.check === "readOnlyRootFilesystem");
  const who = standard ? `${standard} rejects the pod${rofs ? ", and the guide (§2B) also asks for the read-only root" : ""}` : "the guide (§2B) asks for all of them";
  const message = `${subject} ${state} (missing ${joinAnd(items)}): ${one || names.length === 0 ? "it" : "they"} may ${joinAnd(effects)}. ${capitalise(who)}; one fix writes the whole hardened securityContext.`;
  // The grouped finding sits on the first container concerned (where the block goes); pod-level parts are related.
  const at = members.findIndex((m) => (m.data as HardeningPart).level === "container");
  // Each part's safety, judged once on the template read above (it used to be read again for every part and call).
  const safeParts = parts.filter((p) => partSafe(t, p));
  const safe = (p: HardeningPart) => safeParts.includes(p);
  const allSafe = safeParts.length === parts.length;
  const fullFix = (): Fix | undefined => hardeningFix(o, parts, () => true, `Harden the securityContext (${joinAnd(items)})${allSafe ? "" : " (may stop images that run as root or write to their root filesystem)"}`, allSafe);
  const safeFix = (): Fix | undefined => safeParts.length && safeParts.length < parts.length
    ? hardeningFix(o, parts, safe, `Set ${joinAnd(safeParts.map((p) => PARTS[p.check].item))} only (changes nothing the application relies on)`, true)
    : undefined;
  return {
    message,
    at: at < 0 ? 0 : at,
    // Writing runAsNonRoot, drop ALL or a read-only root can stop an application that needs them: never in fix-all.
    // The safe part (no privilege escalation, the runtime's default seccomp profile) is offered on its own for it.
    fixSafety: safeParts.length ? "safe" : "unsafe",
    fix: () => [fullFix(), safeFix()].filter((f): f is Fix => !!f),
  };
}

/** One edit writing the chosen parts: the pod's fields once, each container's fields in one block. */
function hardeningFix(o: KObject, parts: readonly HardeningPart[], take: (p: HardeningPart) => boolean, title: string, safe: boolean): Fix | undefined {
  const chosen = parts.filter(take);
  if (chosen.length === 0) return undefined;
  const steps: EditStep[] = [];
  const podEntries: Record<string, Plain> = {};
  for (const p of chosen) if (PARTS[p.check]?.level === "pod") Object.assign(podEntries, PARTS[p.check].entries);
  if (Object.keys(podEntries).length) {
    steps.push((cur) => { const t = podTemplateOf(cur); return t ? setFields(cur, [...t.specPath, "securityContext"], podEntries) : undefined; });
  }
  const names: string[] = [];
  for (const p of chosen) if (PARTS[p.check]?.level === "container") for (const n of p.containers) if (!names.includes(n)) names.push(n);
  for (const name of names) {
    const entries: Record<string, Plain> = {};
    for (const p of chosen) if (PARTS[p.check]?.level === "container" && p.containers.includes(name)) Object.assign(entries, PARTS[p.check].entries);
    steps.push((cur) => {
      const t = podTemplateOf(cur);
      const c = t && containersOf(t).find((x) => x.name === name);
      if (!c) return undefined;
      // The API server rejects allowPrivilegeEscalation: false beside privileged: true or an added SYS_ADMIN (a node
      // agent such as Falco): writing it would make the object unappliable, so it is left out for such a container.
      const own = needsPrivilegeEscalation(t, c) ? Object.fromEntries(Object.entries(entries).filter(([k]) => k !== "allowPrivilegeEscalation")) : entries;
      return Object.keys(own).length ? setFields(cur, [...c.path, "securityContext"], own) : undefined;
    });
  }
  const edit: TextEdit | undefined = composeEdits(o, steps);
  return edit ? { title, safe, edits: [edit] } : undefined;
}

/**
 * Whether writing a part cannot stop the application (docs/FIXES.md): runAsNonRoot and drop ALL only where the manifest
 * already shows a numeric non-root user (and no added capability); the read-only root never.
 */
function partSafe(t: PodTemplate | undefined, p: HardeningPart): boolean {
  if (!t) return false;
  if (p.check === "runAsNonRoot") return allShownNonRootUser(t);
  if (p.check === "capabilities_restricted") {
    const cs = containersOf(t).filter((c) => p.containers.includes(c.name));
    return cs.length > 0 && cs.every((c) => shownNonRoot(t, c) && addedCapabilities(c).length === 0);
  }
  // allowPrivilegeEscalation: false cannot be written beside privileged: true or an added SYS_ADMIN (rejected).
  if (p.check === "allowPrivilegeEscalation") return containersOf(t).filter((c) => p.containers.includes(c.name)).every((c) => !needsPrivilegeEscalation(t, c));
  return PARTS[p.check]?.safe === true;
}

interface HostPathPart { check: string; label: string; one: boolean; standard: string }

export function hostPathTag(check: string, label: string, one: boolean, standard: string): GroupTag {
  return { key: "hostPath", item: check === "hostPathVolumes" ? "baseline: no hostPath volumes" : "restricted: core volume types only", data: { check, label, one, standard } satisfies HostPathPart, compose: composeHostPath };
}

function composeHostPath(_o: KObject, members: readonly GroupMember[]): ComposedFinding {
  const p = members[0].data as HostPathPart;
  return {
    message: `${p.label} ${p.one ? "is a hostPath volume" : "are hostPath volumes"}: ${p.one ? "it gives" : "they give"} the pod the node's files, which both the baseline and the restricted Pod Security Standard forbid; ${p.standard} rejects the pod. Use a persistentVolumeClaim, emptyDir or configMap instead.`,
  };
}

function capitalise(s: string): string { return s ? s[0].toUpperCase() + s.slice(1) : s; }
