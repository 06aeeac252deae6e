// Whether two objects are deployed together: what lets a cross-object rule say "this policy applies to that workload".
//
// Sharing a namespace name is not enough when the namespace is only assumed. A plain manifest without
// `metadata.namespace` lands wherever it is applied, so two such files in unrelated folders of a repository (two
// examples, a kustomize component no overlay uses) are not known to meet. Objects are deployed together when
//   - both namespaces are pinned (written in the object or set by a kustomize build) and are not `default`, or
//   - a kustomize build deploys both (the same root kustomization), or
//   - both are plain files and one's folder contains the other's (`kubectl apply -R -f folder/`) or they are sibling
//     folders of one parent (`app/hpa/` beside `app/manifests/`), or
//   - both come from the same live cluster.
// Rules use this for verdicts about an interaction (a default-deny isolating a workload, two budgets overlapping);
// a verdict that a partner is missing looks for it more widely, so that it never reports what is merely elsewhere.
import type { KObject } from "./object.js";

export function deployedTogether(a: KObject, b: KObject): boolean {
  if (a === b) return true;
  if (a.namespacePinned && b.namespacePinned && a.namespace === b.namespace && a.namespace !== "default") return true;
  for (const u of a.units) {
    for (const v of b.units) {
      if (u === v) return true;
      if (u.startsWith("d:") && v.startsWith("d:") && (u.startsWith(v) || v.startsWith(u) || parentOf(u) === parentOf(v))) return true;
    }
  }
  return false;
}

/** `d:/repo/app/hpa/` -> `/repo/app/`: sibling folders of one example (`hpa/`, `kubernetes-manifests/`) go together. */
function parentOf(unit: string): string {
  const folder = unit.slice(2, -1);
  return folder.slice(0, folder.lastIndexOf("/") + 1);
}

/** Whether a kustomize build that deploys the object also deploys what kubeready cannot see (a Helm chart, a remote base). */
export function hasUnseenPartners(o: KObject): boolean {
  return o.builds.some((b) => b.unseen === true);
}

/**
 * Whether a kustomize patch (a partial object) is the only place where what it sets can be seen: every build that lists
 * it patches a base kubeready cannot see (a remote `git::` base, a Helm chart), so nothing is rendered or merged here.
 * A value such a patch sets (`runAsUser: 0`, `privileged: true`) is a fact of what is deployed, whatever the base says.
 */
export function patchJudgedAlone(o: KObject): boolean {
  return o.partial && o.builds.length > 0 && o.builds.every((b) => b.unseen === true);
}

/**
 * Whether "missing partner" can be judged for `o`: something of the partner's family is deployed with it (so the
 * repository does hold such objects for this deployment), and its builds hide nothing (a Helm chart or a remote base
 * could hold the partner). Otherwise the partner is most likely provisioned elsewhere: a rule stays silent.
 */
export function partnerCouldBeInScope(o: KObject, family: readonly KObject[]): boolean {
  if (hasUnseenPartners(o)) return false;
  return family.some((x) => deployedClosely(x, o));
}

/**
 * Deployed together by the strictest reading: one file, one folder, one kustomize build, or a namespace written in
 * both. A workload in a parent folder (a load generator at the top of an example) says nothing about what a
 * subfolder's autoscalers or stores point at.
 */
export function deployedClosely(a: KObject, b: KObject): boolean {
  if (a.namespacePinned && b.namespacePinned && a.namespace === b.namespace && a.namespace !== "default") return true;
  return a.units.some((u) => b.units.includes(u));
}

/**
 * Objects of `kind` named `name` that `o` may meet although they sit in another namespace: `o` names no namespace
 * (it lands wherever it is applied, `kubectl apply -n team-a`) and they are deployed closely with it. A reference
 * from such an object is not dangling when one of these would satisfy it.
 */
export function reachableElsewhere(o: KObject, candidates: readonly KObject[]): KObject[] {
  if (o.namespacePinned) return [];
  return candidates.filter((x) => x.namespace !== o.namespace && deployedClosely(x, o));
}
