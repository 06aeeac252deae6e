// The rule API: metadata, a pure check, and fixes computed only when someone asks for them.
import type { KubereadyConfig, Severity } from "./config.js";
import type { KObject } from "./model/object.js";
import type { Anchor, Path, Range } from "./model/position.js";
import type { ObjectIndex } from "./model/scope.js";

export type { Severity } from "./config.js";

export interface RuleOption {
  type: "boolean" | "number" | "string" | "string[]";
  default: unknown;
  description: string;
}

export interface RuleMeta {
  /** `<family>/<name>`, kebab-case; never changes once released. */
  id: string;
  /** One line, shown in the catalog and in hovers. */
  title: string;
  defaultSeverity: Severity;
  /**
   * false: the rule runs only when the configuration names it (`rules: {id: warning}`). For checks that are right but
   * rarely worth a person's attention on real repositories (measured on the real-world set; the rule's docs say why).
   */
  enabledByDefault?: boolean;
  /** Kinds the check runs on; "*" for every object. */
  kinds: readonly string[] | "*";
  /** The check reads other objects through the index (re-run whenever the index changes). */
  crossObject: boolean;
  /** Whether the rule also runs on partial objects (kustomize patches). Default false. */
  partialObjects?: boolean;
  /**
   * What the rule judges. "all" (default): manifests and live cluster objects alike. "files": manifests only — the
   * rule judges a concern of what is committed to Git (a Secret's values in the repository, a spec.replicas that a
   * GitOps sync would reset), so the engine skips it on live objects (`isLiveObject` in model/object.ts).
   */
  appliesTo?: "files" | "all";
  /**
   * What its fixes are: safe ones run in fix-all; unsafe ones may change what runs (only with --unsafe-fixes). A fix that
   * writes a placeholder (model/placeholder.ts) is unsafe and never applied in a batch.
   */
  fix: "safe" | "unsafe" | "none";
  /** Section of the production-readiness guide the rule enforces, e.g. "§2B Pod Security Standards". */
  guide?: string;
  /** Equivalent checks of other tools, for suppression and for users coming from them. */
  sources?: {
    psa?: string;
    kubeLinter?: readonly string[];
    polaris?: readonly string[];
    kubeScore?: readonly string[];
  };
  options?: Record<string, RuleOption>;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export interface RuleContext {
  readonly object: KObject;
  readonly index: ObjectIndex;
  readonly config: KubereadyConfig;
  /** The rule's options: defaults from meta.options overlaid with configuration. */
  readonly options: Readonly<Record<string, unknown>>;
  report(report: Report): void;
}

export interface Report {
  message: string;
  /** Where in the object (or in `on`) the finding points. */
  path: Path;
  anchor?: Anchor;
  /** Distinguishes several findings of one rule on one object; the code action finds its fix by it. */
  key?: string;
  severity?: Severity;
  /** Report on another object than the one being checked (cross-object rules reporting where the user can act). */
  on?: KObject;
  /** Computed only when a code action is requested. */
  fix?: () => Fix | Fix[] | undefined;
  /** What this finding's fix is when it differs from meta.fix (a rule whose fix is safe only when the value is known). */
  fixSafety?: "safe" | "unsafe";
  /**
   * Other places that belong to this finding (the other containers with the same problem, the workloads of a
   * namespace without a default-deny policy): LSP relatedInformation, SARIF relatedLocations, JSON `related`.
   */
  related?: readonly Related[];
  /** Several rules' findings on one object with the same group key are shown as one finding (see GroupTag). */
  group?: GroupTag;
  /** What root cause the finding states, when it is not simply "this rule at this key of this object" (see FactTag). */
  fact?: FactTag;
}

/**
 * The root cause a finding states, set where the finding is made so that repeats are recognised by identity, never by
 * reading messages. The engine turns it into `Finding.facts` (rules/facts.ts): findings sharing one of those keys state
 * one root cause, shown once with the others as related locations.
 */
export interface FactTag {
  /**
   * A fact about this namespace (no default-deny policy, no PSA enforce label, no backup): the rule says it once per
   * namespace and file; a run over several files (the CLI) says it once per namespace.
   */
  namespace?: string;
  /**
   * The fact's subject within the object when the rule reports it at several places of one pod (an image used by two
   * containers, a port two probes target, "" for a pod-level fact such as its QoS class): findings of one object with
   * the same rule and subject are one root cause, said once by the engine.
   */
  subject?: string;
  /**
   * Root causes other rules report too on this object (a container that runs as root: pss/run-as-user and
   * pss/run-as-non-root; a capability added to a container: the baseline and restricted capability checks). Findings
   * of one object sharing one of these are one root cause.
   */
  shared?: readonly string[];
}

/** A place related to a finding: an object (this one when `on` is absent) and a path in it, with a short note. */
export interface Related {
  on?: KObject;
  path: Path;
  anchor?: Anchor;
  message: string;
}

/**
 * Marks a finding as one part of a root cause that other rules report too (a container without a securityContext
 * fails four restricted checks and the read-only root check). The engine shows the findings of one object that share
 * `key` as one finding listing every rule (`rules`), with the message and fix `compose` makes from the parts that
 * survived suppression; a group of one is shown as the rule's own finding. Suppressing one rule removes only its part.
 */
export interface GroupTag {
  key: string;
  /** This rule's part, in a few words (e.g. "allowPrivilegeEscalation: false"). */
  item: string;
  /** Anything the composer needs from this part (e.g. the containers concerned). */
  data?: unknown;
  /** Makes the grouped finding; the same function for every member of a group (the first member's is used). */
  compose: GroupComposer;
}

export interface GroupMember {
  rule: string;
  severity: Severity;
  message: string;
  item: string;
  data?: unknown;
  path: Path;
  /** The member's own fix, if any. */
  fix?: () => Fix | Fix[] | undefined;
}

export interface ComposedFinding {
  message: string;
  fix?: () => Fix | Fix[] | undefined;
  fixSafety?: "safe" | "unsafe";
  /** The member whose position the grouped finding takes (default: the first). */
  at?: number;
}

export type GroupComposer = (object: KObject, members: readonly GroupMember[]) => ComposedFinding;

export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}
export interface CreateFile {
  uri: string;
  create: true;
  text: string;
}
export type Edit = TextEdit | CreateFile;

export interface Fix {
  title: string;
  /**
   * Safe: changes nothing the user meant (fix-all, --fix). Unsafe: may change what runs (only --unsafe-fixes). A fix that
   * writes a placeholder (`<REPLACE_ME…>`, model/placeholder.ts) is unsafe and is left out of every batch.
   */
  safe: boolean;
  edits: Edit[];
  /** A suppression ("disable this rule for this object"): offered, never part of fix-all. */
  suppression?: boolean;
}

export function isCreate(e: Edit): e is CreateFile {
  return (e as CreateFile).create === true;
}

/** Helper for rule modules: keeps the literal types of metadata. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
