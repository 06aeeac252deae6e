// hardening/namespace-pss-enforce: every Namespace must enforce a Pod Security Standard through its PSA labels (guide §2B).
import { defineRule } from "../../api.js";
import { setField, setFields } from "../../model/edit.js";
import { ENFORCE_LABEL, ENFORCE_VERSION_LABEL } from "../../pss/level.js";

/** Namespaces the control plane owns; their pods legitimately need host access. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export default defineRule({
  meta: {
    id: "hardening/namespace-pss-enforce",
    title: "Namespaces must enforce the restricted or baseline Pod Security Standard",
    defaultSeverity: "warning",
    kinds: ["Namespace"],
    crossObject: false,
    fix: "unsafe",
    guide: "§2B Pod Security Standards — Enforce Restricted or Baseline",
    options: {
      ignoreNamespaces: { type: "string[]", default: SYSTEM_NAMESPACES, description: "Namespaces that need not carry an enforce label." },
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1") return;
    const ignore = (ctx.options.ignoreNamespaces as string[] | undefined) ?? SYSTEM_NAMESPACES;
    if (ignore.includes(o.name)) return;
    const enforce = o.labels[ENFORCE_LABEL];
    const level = ctx.config.pss.level === "privileged" ? "restricted" : ctx.config.pss.level;
    const fix = () => {
      const labels: Record<string, string> = { [ENFORCE_LABEL]: level };
      if (o.labels[ENFORCE_VERSION_LABEL] === undefined) labels[ENFORCE_VERSION_LABEL] = "latest";
      const edits = setFields(o, ["metadata", "labels"], labels);
      return edits?.length ? { title: `Enforce the ${level} Pod Security Standard on namespace "${o.name}" (new pods that do not meet it will be rejected)`, safe: false, edits } : undefined;
    };
    if (enforce === undefined) {
      ctx.report({
        message: `Namespace "${o.name}" has no ${ENFORCE_LABEL} label, so Pod Security Admission enforces nothing here; the guide asks for restricted (or baseline).`,
        path: ["metadata", "name"],
        fix,
      });
    } else if (enforce === "privileged") {
      ctx.report({
        message: `Namespace "${o.name}" enforces the privileged Pod Security Standard, which allows everything; the guide asks for restricted (or baseline).`,
        path: ["metadata", "labels", ENFORCE_LABEL],
        fix: () => {
          const e = setField(o, ["metadata", "labels", ENFORCE_LABEL], level);
          return e && { title: `Enforce the ${level} Pod Security Standard on namespace "${o.name}" (new pods that do not meet it will be rejected)`, safe: false, edits: [e] };
        },
      });
    }
  },
});
