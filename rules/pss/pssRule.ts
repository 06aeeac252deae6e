// Builds the pss/<check> rules: one rule per Pod Security Admission check, each reporting its check's violations.
import { defineRule, type Fix, type Rule, type RuleContext, type Severity } from "../api.js";
import type { KObject } from "../model/object.js";
import { podTemplateOf, POD_KINDS, type PodTemplate } from "../model/podspec.js";
import type { Path } from "../model/position.js";
import { policyFor, violationOf } from "./level.js";
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

export function pssRule(spec: PssRuleSpec): Rule {
  const info = PSS_CHECKS.find((c) => c.id === spec.checkId);
  if (!info) throw new Error(`unknown PSA check ${spec.checkId}`);
  return defineRule({
    meta: {
      id: `pss/${kebabCheckId(spec.checkId)}`,
      title: spec.title,
      defaultSeverity: spec.severity ?? "error",
      kinds: POD_KINDS,
      // The level comes from the Namespace's labels, which may live in another document or file.
      crossObject: true,
      fix: spec.fix ?? "none",
      guide: "§2B Pod Security Standards",
      sources: { psa: spec.checkId, ...spec.sources },
    },
    check(ctx: RuleContext) {
      const o = ctx.object;
      const t = podTemplateOf(o);
      if (!t) return;
      const policy = policyFor(o, ctx.index, ctx.config);
      // The pod is evaluated once for all 19 rules (level.ts); each rule reads its own check's violation.
      const v = violationOf(o, t.metadata, t.spec, policy, spec.checkId);
      if (!v) return;
      const where = `"${policy.level}"${policy.version === "latest" ? "" : ` ${formatPssVersion(policy.version)}`} (set by ${policy.origin})`;
      const paths = v.paths.length ? v.paths : [["spec"]];
      for (const rel of paths) {
        // Pod paths are relative to the pod; a workload's pod lives at its template path.
        const path = rel[0] === "metadata" ? [...t.metadataPath, ...rel.slice(1)] : rel[0] === "spec" ? [...t.specPath, ...rel.slice(1)] : [...t.path, ...rel];
        ctx.report({
          message: `${capitalise(v.reason)}: ${v.detail}. Forbidden by Pod Security Standard ${where}.`,
          path,
          key: rel.join("."),
          fix: spec.fixFor ? () => spec.fixFor!({ object: o, template: t, violation: v, path }) : undefined,
          fixSafety: spec.fixSafetyFor?.({ object: o, template: t, violation: v, path }),
        });
      }
    },
  });
}

function capitalise(s: string): string { return s ? s[0].toUpperCase() + s.slice(1) : s; }
