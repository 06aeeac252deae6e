// RBAC objects as rules see them: policy rules with their paths, bindings and their subjects, and who is granted what in scope.
import { asArray, asObject, getIn, type JsonObject, type KObject } from "./object.js";
import type { Path } from "./position.js";
import type { ObjectIndex } from "./scope.js";

export const RBAC_GROUP = "rbac.authorization.k8s.io";
export const ROLE_KINDS: readonly string[] = ["Role", "ClusterRole"];
export const BINDING_KINDS: readonly string[] = ["RoleBinding", "ClusterRoleBinding"];
/** Namespaces of the control plane's own add-ons: their accounts are the cluster's, not an application's. */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];
/** The user-facing roles every cluster bootstraps (besides the `system:` ones). */
export const BUILT_IN_CLUSTER_ROLES: readonly string[] = ["cluster-admin", "admin", "edit", "view"];

export function isRbacObject(o: KObject): boolean {
  return o.apiVersion.startsWith(`${RBAC_GROUP}/`);
}

/** One entry of a Role's or ClusterRole's `rules`, with where it is written. */
export interface PolicyRule {
  readonly index: number;
  readonly path: Path;
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

const rulesCache = new WeakMap<KObject, PolicyRule[]>();

/** The policy rules of a Role or ClusterRole (none for other kinds). */
export function policyRulesOf(o: KObject): readonly PolicyRule[] {
  const hit = rulesCache.get(o);
  if (hit) return hit;
  const out: PolicyRule[] = [];
  if (ROLE_KINDS.includes(o.kind) && isRbacObject(o)) {
    asArray(o.value.rules).forEach((r, index) => {
      const v = asObject(r);
      if (!v) return;
      out.push({
        index, path: ["rules", index],
        apiGroups: strings(v.apiGroups), resources: strings(v.resources), verbs: strings(v.verbs),
        resourceNames: strings(v.resourceNames), nonResourceURLs: strings(v.nonResourceURLs),
      });
    });
  }
  rulesCache.set(o, out);
  return out;
}

/**
 * A role whose rules somebody else owns: the bootstrap roles (`cluster-admin`, `admin`, `edit`, `view`, `system:*`, or
 * labelled `kubernetes.io/bootstrapping: rbac-defaults`) and aggregated ClusterRoles (the controller fills in their rules).
 */
export function isManagedRole(o: KObject): boolean {
  if (o.name.startsWith("system:")) return true;
  if (o.kind === "ClusterRole" && BUILT_IN_CLUSTER_ROLES.includes(o.name)) return true;
  if (o.labels["kubernetes.io/bootstrapping"] === "rbac-defaults") return true;
  return o.kind === "ClusterRole" && asObject(o.value.aggregationRule) !== undefined;
}

/** The built-in roles this ClusterRole's rules are added to (`rbac.authorization.k8s.io/aggregate-to-<role>: "true"`). */
export function aggregatedInto(o: KObject): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(o.labels)) {
    const m = /^rbac\.authorization\.k8s\.io\/aggregate-to-(.+)$/.exec(k);
    if (m && v === "true") out.push(m[1]);
  }
  return out;
}

/** Where a list holds a value: the index of the value itself, else of "*"; -1 when it matches nothing. */
export function indexMatching(list: readonly string[], value: string): number {
  const exact = list.indexOf(value);
  return exact >= 0 ? exact : list.indexOf("*");
}

/** Whether a rule (without resourceNames) lets `verb` act on `resource` of API group `group`. */
export function ruleGrants(r: PolicyRule, group: string, resource: string, verb: string): boolean {
  if (r.resourceNames.length > 0) return false;
  return indexMatching(r.apiGroups, group) >= 0 && indexMatching(r.resources, resource) >= 0 && indexMatching(r.verbs, verb) >= 0;
}

/** The rule grants everything on every resource of every group (what `cluster-admin` is). */
export function isFullWildcard(r: PolicyRule): boolean {
  return r.apiGroups.includes("*") && r.resources.includes("*") && r.verbs.includes("*") && r.resourceNames.length === 0;
}

export interface RoleRef { kind: string; name: string }

export function roleRefOf(binding: KObject): RoleRef | undefined {
  const ref = asObject(binding.value.roleRef);
  if (!ref || typeof ref.name !== "string" || (ref.kind !== "Role" && ref.kind !== "ClusterRole")) return undefined;
  return { kind: ref.kind, name: ref.name };
}

export interface Subject {
  readonly kind: string;
  readonly name: string;
  /** For ServiceAccounts: the account's namespace (a RoleBinding's own when the subject names none). */
  readonly namespace: string;
  readonly index: number;
  readonly path: Path;
}

/** The subjects of a RoleBinding or ClusterRoleBinding. */
export function subjectsOf(binding: KObject): Subject[] {
  const out: Subject[] = [];
  asArray(binding.value.subjects).forEach((s, index) => {
    const v = asObject(s);
    if (!v || typeof v.kind !== "string" || typeof v.name !== "string") return;
    const ns = typeof v.namespace === "string" ? v.namespace : binding.kind === "RoleBinding" ? binding.namespace : "";
    out.push({ kind: v.kind, name: v.name, namespace: v.kind === "ServiceAccount" ? ns : "", index, path: ["subjects", index] });
  });
  return out;
}

/** A subject that belongs to the control plane (a system namespace's account, a `system:` user or group). */
export function isSystemSubject(s: Subject): boolean {
  if (s.kind === "ServiceAccount") return SYSTEM_NAMESPACES.includes(s.namespace);
  return s.name.startsWith("system:") && !["system:anonymous", "system:unauthenticated", "system:authenticated", "system:serviceaccounts"].includes(s.name)
    && !s.name.startsWith("system:serviceaccounts:");
}

/** Describes a subject for a message: `ServiceAccount "shop/web"`, `Group "devs"`. */
export function describeSubject(s: Subject): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount "${s.namespace}/${s.name}"` : `${s.kind} "${s.name}"`;
}

/** The Role or ClusterRole a binding refers to, when it is in scope. */
export function boundRole(index: ObjectIndex, binding: KObject): KObject | undefined {
  const ref = roleRefOf(binding);
  if (!ref) return undefined;
  if (ref.kind === "Role") return binding.kind === "RoleBinding" ? index.find("Role", binding.namespace, ref.name) : undefined;
  return index.find("ClusterRole", "", ref.name);
}

/** Whether a subject names this ServiceAccount: the account itself, or a group all accounts of its namespace are in. */
export function subjectIncludesServiceAccount(s: Subject, namespace: string, name: string): boolean {
  if (s.kind === "ServiceAccount") return s.namespace === namespace && s.name === name;
  if (s.kind !== "Group") return false;
  return s.name === "system:serviceaccounts" || s.name === `system:serviceaccounts:${namespace}` || s.name === "system:authenticated";
}

export interface Grant { binding: KObject; subject: Subject }

/**
 * The bindings in scope that give a ServiceAccount a role: RoleBindings of its namespace and every ClusterRoleBinding.
 * A binding to a role that grants nothing in scope still counts (the role may live elsewhere).
 */
export function grantsToServiceAccount(index: ObjectIndex, namespace: string, name: string): Grant[] {
  const out: Grant[] = [];
  for (const binding of [...index.inNamespace("RoleBinding", namespace), ...index.ofKind("ClusterRoleBinding")]) {
    if (!isRbacObject(binding) || binding.partial) continue;
    if (binding.kind === "RoleBinding" && binding.namespace !== namespace) continue;
    for (const s of subjectsOf(binding)) {
      // system:authenticated is every caller; a binding to it is judged by rbac/anonymous-subjects, not as a grant to one account.
      if (s.name === "system:authenticated") continue;
      if (subjectIncludesServiceAccount(s, namespace, name)) out.push({ binding, subject: s });
    }
  }
  return out;
}

/** The bindings in scope that refer to this role: RoleBindings (of its namespace, for a Role) and, for a ClusterRole, ClusterRoleBindings. */
export function bindingsOfRole(index: ObjectIndex, role: KObject, kinds: readonly string[] = BINDING_KINDS): KObject[] {
  const candidates: KObject[] = [];
  if (role.kind === "Role") {
    if (kinds.includes("RoleBinding")) candidates.push(...index.inNamespace("RoleBinding", role.namespace));
  } else {
    for (const k of kinds) candidates.push(...index.ofKind(k));
  }
  return candidates.filter((b) => isRbacObject(b) && !b.partial && roleRefOf(b)?.kind === role.kind && roleRefOf(b)?.name === role.name);
}

export function valueAt(o: KObject, path: Path): JsonObject | undefined {
  return asObject(getIn(o.value, path));
}
