// Builds the pss/<check> rules: one rule per Pod Security Admission check, each reporting its check's violations.
import { defineRule, type FactTag, type Fix, type Related, type Rule, type RuleContext, type Severity } from "../api.js";
import { composeEdits } from "../model/compose.js";
import { getIn, type KObject } from "../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS, type PodTemplate } from "../model/podspec.js";
import { addedCapabilities } from "../model/runtime-safety.js";
import { patchJudgedAlone } from "../model/units.js";
import { nodeAgentReason } from "../model/nodeAgent.js";
import type { Path } from "../model/position.js";
import { HARDENING_GROUP, hardeningFact, hardeningTag, hostPathTag } from "./grouping.js";
import { policyFor, violationOf, type AppliedPolicy } from "./level.js";
import { PSS_CHECKS, formatPssVersion, type PssViolation } from "./policy/index.js";

export interface PssFixContext {
  object: KObject;
  template: PodTemplate;
  violation: PssViolation;
  /** The offending field this finding is about, relative to the object root. */
  path: Path;
}

export interface PssRuleSpec {
  /** The PSA check ID, e.g. "hostNamespaces". */
  checkId: string;
  title: string;
  severity?: Severity;
  fix?: "safe" | "unsafe";
  sources?: { kubeLinter?: string[]; polaris?: string[]; kubeScore?: string[] };
  /** Builds the quick fix for one offending path; undefined when no safe edit exists for it. */
  fixFor?: (ctx: PssFixContext) => Fix | undefined;
  /** Whether this finding's fix is safe, when that depends on the manifest (docs/FIXES.md); default: `fix`. */
  fixSafetyFor?: (ctx: PssFixContext) => "safe" | "unsafe";
}

/** "hostNamespaces" -> "host-namespaces", "capabilities_restricted" -> "capabilities-restricted". */
export function kebabCheckId(checkId: string): string {
  return checkId.replace(/_/g, "-").replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** Why each check matters (production-readiness guide §2B), said once after PSA's own detail. */
export const WHY: Record<string, string> = {
  allowPrivilegeEscalation: "otherwise a process can gain more privileges than its parent (setuid binaries, file capabilities)",
  appArmorProfile: "overriding AppArmor removes a kernel confinement layer of the container",
  capabilities_baseline: "these capabilities let a process act on the node's kernel, network or devices beyond its container",
  capabilities_restricted: "the runtime's default capabilities (NET_RAW, CHOWN, SETUID…) are more than an application needs and help an attacker who gets in",
  hostNamespaces: "sharing the node's network, PID or IPC namespace lets the pod see and reach the node's processes and traffic",
  hostPathVolumes: "a hostPath volume gives the pod the node's files",
  hostPorts: "a hostPort exposes the pod on the node's own address and ties it to that port on every node",
  hostProbesAndHostLifecycle: "a probe or lifecycle hook aimed at another host lets the kubelet reach addresses the pod should not",
  privileged: "a privileged container has every capability and the host's devices: root on the node",
  procMount: "an unmasked /proc exposes kernel information and controls of the node",
  procMount_restricted: "an unmasked /proc exposes kernel information and controls of the node",
  restrictedVolumes: "volume types other than the core ones (configMap, secret, emptyDir, persistentVolumeClaim, projected, …) reach node or network storage directly",
  runAsNonRoot: "a process that runs as root in the container is root on the node after a container escape",
  runAsUser: "UID 0 is root",
  seLinuxOptions: "a custom SELinux type or user can lift the container's confinement",
  seccompProfile_baseline: "an Unconfined seccomp profile lets every system call reach the kernel",
  seccompProfile_restricted: "without a seccomp profile every system call reaches the kernel, the node's largest attack surface",
  sysctls: "unsafe sysctls change kernel settings that other pods on the node share",
  windowsHostProcess: "a HostProcess container runs directly on the Windows node with its privileges",
};

/** Checks whose PSA detail names only values: what is wrong, said before it. */
const SUBJECT: Record<string, string> = {
  hostNamespaces: "The pod shares the node's namespaces",
  sysctls: "The pod sets sysctls outside the safe set",
};

/** Checks whose missing field the pod's securityContext can set once for every container. */
const POD_LEVEL_FIELD: Record<string, string> = { runAsNonRoot: "runAsNonRoot", seccompProfile_restricted: "seccompProfile", runAsUser: "runAsUser" };
const VOLUME_CHECKS = new Set(["hostPathVolumes", "restrictedVolumes"]);
/** Checks about access to the node: a node agent's design (model/nodeAgent.ts), not something to remove. */
const HOST_ACCESS_CHECKS = new Set(["privileged", "hostNamespaces", "hostPathVolumes", "hostPorts", "capabilities_baseline"]);

/** `"restricted" (set by namespace "shop")`: which standard applies and where it comes from. */
export function standardOf(policy: AppliedPolicy): string {
  return `Pod Security Standard "${policy.level}"${policy.version === "latest" ? "" : ` ${formatPssVersion(policy.version)}`} (set by ${policy.origin})`;
}

export function pssRule(spec: PssRuleSpec): Rule {
  const info = PSS_CHECKS.find((c) => c.id === spec.checkId);
  if (!info) throw new Error(`unknown PSA check ${spec.checkId}`);
  const id = `pss/${kebabCheckId(spec.checkId)}`;
  return defineRule({
    meta: {
      id,
      title: spec.title,
      defaultSeverity: spec.severity ?? "error",
      kinds: POD_KINDS,
      // The level comes from the Namespace's labels, which may live in another document or file.
      crossObject: true,
      // A kustomize patch of a base out of sight is judged on the values it sets (model/units.ts patchJudgedAlone).
      partialObjects: true,
      fix: spec.fix ?? "none",
      guide: "§2B Pod Security Standards",
      sources: { psa: spec.checkId, ...spec.sources },
    },
    check(ctx: RuleContext) {
      const o = ctx.object;
      if (o.partial && !patchJudgedAlone(o)) return;
      const t = podTemplateOf(o);
      if (!t) return;
      const policy = policyFor(o, ctx.index, ctx.config);
      // The pod is evaluated once for all 19 rules (level.ts); each rule reads its own check's violation.
      const v = violationOf(o, t.metadata, t.spec, policy, spec.checkId);
      if (!v) return;
      // A node agent's host access is what it is for: silent for the checks about it, judged on everything else.
      const agent = (HOST_ACCESS_CHECKS.has(spec.checkId) || spec.checkId === "restrictedVolumes") && nodeAgentReason(o, t) !== undefined;
      if (agent && spec.checkId !== "restrictedVolumes") return;
      // The capabilities a node agent adds (node-exporter's SYS_TIME) are its design too; a missing `drop: [ALL]` is not.
      if (spec.checkId === "capabilities_restricted" && v.paths.length > 0 && v.paths.every((rel) => rel.includes("add")) && nodeAgentReason(o, t) !== undefined) return;
      const pod = { metadata: t.metadata, spec: t.spec };
      // A patch says only what it sets: a field it leaves out comes from the base, which is not judged here.
      const rels = o.partial ? v.paths.filter((rel) => getIn(pod, rel) !== undefined) : v.paths.length ? v.paths : [["spec"]];
      if (rels.length === 0) return;
      // Pod paths are relative to the pod; a workload's pod lives at its template path.
      const abs = (rel: Path): Path => rel[0] === "metadata" ? [...t.metadataPath, ...rel.slice(1)] : rel[0] === "spec" ? [...t.specPath, ...rel.slice(1)] : [...t.path, ...rel];
      const standard = standardOf(policy);
      const why = WHY[spec.checkId] ?? "";
      const fixOf = (paths: Path[]) => spec.fixFor ? () => combinedFix(o, v, paths, spec.fixFor!) : undefined;

      if (VOLUME_CHECKS.has(spec.checkId)) {
        // One finding per pod and kind of problem: hostPath volumes (which fail the baseline check and the restricted
        // one for the same reason, so both are tagged to be shown once, naming both levels), and other volume types.
        const hostPath = rels.filter((rel) => rel[3] === "hostPath");
        const other = rels.filter((rel) => rel[3] !== "hostPath");
        const label = (rels: Path[]) => {
          const names = rels.map((rel) => { const n = getIn(t.spec, ["volumes", rel[2] as number, "name"]); return typeof n === "string" ? `"${n}"` : `#${String(rel[2])}`; });
          return `${names.length === 1 ? "Volume" : "Volumes"} ${names.join(", ")}`;
        };
        const relatedOf = (rels: Path[]): Related[] => rels.slice(1).map((rel) => ({ path: abs(rel), anchor: "key", message: `${label([rel])}` }));
        if (hostPath.length && !agent) {
          const one = hostPath.length === 1;
          ctx.report({
            message: `${label(hostPath)} ${one ? "is a hostPath volume" : "are hostPath volumes"}: ${WHY.hostPathVolumes}; ${standard} rejects the pod. Use a persistentVolumeClaim, emptyDir or configMap instead.`,
            path: abs(hostPath[0]), anchor: "key", key: "hostPath", related: relatedOf(hostPath),
            group: hostPathTag(spec.checkId, label(hostPath), one, standard),
          });
        }
        if (other.length) {
          const types = [...new Set(other.map((rel) => String(rel[3])))];
          ctx.report({
            message: `${label(other)} ${other.length === 1 ? "uses" : "use"} the volume ${types.length === 1 ? "type" : "types"} ${types.join(", ")}: ${WHY.restrictedVolumes}; ${standard} rejects the pod. Use a persistentVolumeClaim instead.`,
            path: abs(other[0]), anchor: "key", key: "other", related: relatedOf(other),
          });
        }
        return;
      }

      const implicit = rels.every((rel) => getIn(pod, rel) === undefined);
      const podField = POD_LEVEL_FIELD[spec.checkId];
      // Where one edit fixes it: the pod's securityContext for a field the pod can set for every container (when no
      // container set it wrongly), else the first offending place; the other places are related locations.
      const atPod = podField !== undefined && implicit && rels.every((rel) => rel[1] !== "securityContext");
      const path = atPod ? [...t.specPath, "securityContext", podField] : abs(rels[0]);
      const others = atPod ? rels : rels.slice(1);
      const related: Related[] = others.map((rel) => ({ path: containerPathOf(abs(rel)) ?? abs(rel), anchor: "value", message: placeOf(o, abs(rel)) }));
      const lower = spec.checkId === "capabilities_restricted" ? lowerCaseAll(o, t) : [];
      const note = lower.length ? ` (${quoteList(lower)} ${lower.length === 1 ? "drops" : "drop"} "all" in lower case: the container runtime accepts that, Pod Security admission only accepts "ALL")` : "";
      const head = SUBJECT[spec.checkId] ? `${SUBJECT[spec.checkId]} (${v.detail})` : capitalise(v.detail);
      const fixPaths = atPod ? [path] : rels.map(abs);
      const hardening = implicit && !o.partial && HARDENING_GROUP.has(spec.checkId) && lower.length === 0;
      // Each place's own safety (rules/pss/fixes.ts: safe only where the manifest shows the container works that way).
      const safeties = spec.fixSafetyFor ? fixPaths.map((p) => spec.fixSafetyFor!({ object: o, template: t, violation: v, path: p })) : [];
      const patchNote = o.partial ? " This kustomize patch sets it, whatever the base says." : "";
      ctx.report({
        message: `${head}${note}: ${why}; ${standard} rejects the pod.${patchNote}`,
        path,
        anchor: atPod ? "key" : undefined,
        key: spec.checkId,
        related,
        // A missing field of the hardening group states "this container is not hardened", whatever other checks join
        // it in another rendering of the object; a field set wrongly states its own root cause (runs as root, adds a
        // capability), which it may share with another check.
        fact: hardening ? hardeningFact((v.containers ?? []).map((c) => c.name)) : sharedFact(spec.checkId, v, t, atPod || rels.some((rel) => rel[0] === "spec" && rel[1] === "securityContext")),
        fix: fixOf(fixPaths),
        // Upper-casing a lower-case "all" changes nothing at run time.
        fixSafety: lower.length && !rels.some((rel) => rel.includes("add")) ? "safe"
          : safeties.length ? (safeties.every((x) => x === "safe") ? "safe" : "unsafe") : undefined,
        group: hardening ? hardeningTag(id, spec.checkId, (v.containers ?? []).map((c) => c.name), atPod ? "pod" : "container", standard) : undefined,
      });
    },
  });
}

/**
 * The root causes a check shares with another check on the same pod: running as root (runAsUser: 0 and runAsNonRoot
 * false or missing), per container and for the pod's own securityContext; a capability added to a container (the
 * baseline check, and the restricted one, which allows only NET_BIND_SERVICE to be added).
 */
function sharedFact(check: string, v: PssViolation, t: PodTemplate, podLevel: boolean): FactTag | undefined {
  const names = (v.containers ?? []).map((c) => c.name);
  if (check === "runAsUser" || check === "runAsNonRoot") return { shared: [...names.map((n) => `root:${n}`), ...(podLevel || names.length === 0 ? ["root:*"] : [])] };
  if (check === "capabilities_baseline") return names.length ? { shared: names.map((n) => `caps-add:${n}`) } : undefined;
  if (check === "capabilities_restricted") {
    const adding = containersOf(t).filter((c) => names.includes(c.name) && addedCapabilities(c).some((x) => !/^(CAP_)?NET_BIND_SERVICE$/i.test(x)));
    return adding.length ? { shared: adding.map((c) => `caps-add:${c.name}`) } : undefined;
  }
  return undefined;
}

/** Containers whose capabilities.drop lists "all" in another case than "ALL". */
function lowerCaseAll(o: KObject, t: PodTemplate): string[] {
  const out: string[] = [];
  for (const kind of ["initContainers", "containers", "ephemeralContainers"]) {
    const list = getIn(t.spec, [kind]);
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      const drop = getIn(c, ["securityContext", "capabilities", "drop"]);
      if (Array.isArray(drop) && !drop.includes("ALL") && drop.some((d) => typeof d === "string" && d.toUpperCase() === "ALL")) {
        const name = getIn(c, ["name"]);
        out.push(typeof name === "string" ? name : "?");
      }
    }
  }
  void o;
  return out;
}

/** The container part of a path (…, "containers", 2), if any. */
export function containerPathOf(path: Path): Path | undefined {
  const i = path.findIndex((seg) => seg === "containers" || seg === "initContainers" || seg === "ephemeralContainers");
  return i >= 0 && typeof path[i + 1] === "number" ? path.slice(0, i + 2) : undefined;
}

/** `container "app"` for a path into a container, else the path's field. */
function placeOf(o: KObject, path: Path): string {
  const c = containerPathOf(path);
  if (c) {
    const name = getIn(o.value, [...c, "name"]);
    return `${c[c.length - 2] === "initContainers" ? "init container" : "container"} "${typeof name === "string" ? name : c[c.length - 1]}"`;
  }
  return path.filter((p) => typeof p === "string").slice(-2).join(".");
}

/** One fix for every offending place: each place's own fix, applied one after another and handed back as one edit. */
function combinedFix(o: KObject, v: PssViolation, paths: Path[], fixFor: (ctx: PssFixContext) => Fix | undefined): Fix | undefined {
  const first = (() => { const t = podTemplateOf(o); return t ? fixFor({ object: o, template: t, violation: v, path: paths[0] }) : undefined; })();
  if (!first || paths.length === 1) return first;
  let safe = first.safe;
  let fixed = 0;
  const edit = composeEdits(o, paths.map((path) => (cur: KObject) => {
    const t = podTemplateOf(cur);
    const f = t ? fixFor({ object: cur, template: t, violation: v, path }) : undefined;
    if (f && !f.safe) safe = false;
    const edits = f?.edits.filter((e): e is import("../api.js").TextEdit => !("create" in e));
    if (edits?.length) fixed++;
    return edits;
  }));
  // A place without a fix of its own (an added capability is the user's to remove) leaves the finding: not safe.
  if (fixed < paths.length) safe = false;
  if (!edit) return first;
  return { title: fixed > 1 ? `${first.title} (and ${fixed - 1} more ${fixed === 2 ? "place" : "places"})` : first.title, safe, edits: [edit] };
}

function quoteList(names: string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}

function capitalise(s: string): string { return s ? s[0].toUpperCase() + s.slice(1) : s; }
