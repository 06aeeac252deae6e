// hardening/namespace-pss-enforce: every Namespace must enforce a Pod Security Standard through its PSA labels (guide §2B).
import { defineRule } from "../../api.js";
import { setField, setFields } from "../../model/edit.js";
import { ENFORCE_LABEL, ENFORCE_VERSION_LABEL } from "../../pss/level.js";
import { clusterDefaultIn, LEVELS, type ClusterDefault, type Level } from "./clusterDefault.js";

/** Namespaces the control plane owns; their pods legitimately need host access. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

export default defineRule({
  meta: {
    id: "hardening/namespace-pss-enforce",
    title: "Namespaces must enforce the restricted or baseline Pod Security Standard",
    defaultSeverity: "warning",
    kinds: ["Namespace"],
    // An AdmissionConfiguration in scope sets the level of unlabelled namespaces.
    crossObject: true,
    fix: "unsafe",
    guide: "§2B Pod Security Standards — Enforce Restricted or Baseline",
    options: {
      ignoreNamespaces: { type: "string[]", default: SYSTEM_NAMESPACES, description: "Namespaces that need not carry an enforce label." },
      clusterDefault: { type: "string", default: "", description: "The level the cluster's API server enforces where a namespace has no label (the PodSecurity admission plugin's defaults.enforce: \"baseline\" on Talos, say); empty: read it from an AdmissionConfiguration in scope, or assume none." },
    },
  },
  check(ctx) {
    const o = ctx.object;
    if (o.apiVersion !== "v1") return;
    const ignore = (ctx.options.ignoreNamespaces as string[] | undefined) ?? SYSTEM_NAMESPACES;
    if (ignore.includes(o.name)) return;
    const enforce = o.labels[ENFORCE_LABEL];
    const option = String(ctx.options.clusterDefault ?? "");
    const byDefault: ClusterDefault | undefined = (LEVELS as readonly string[]).includes(option)
      ? { level: option as Level, from: "the clusterDefault setting", exempt: [] }
      : clusterDefaultIn(ctx.index);
    const clusterLevel = byDefault && !byDefault.exempt.includes(o.name) ? byDefault.level : undefined;
    const level = ctx.config.pss.level === "privileged" ? "restricted" : ctx.config.pss.level;
    const fix = () => {
      const labels: Record<string, string> = { [ENFORCE_LABEL]: level };
      if (o.labels[ENFORCE_VERSION_LABEL] === undefined) labels[ENFORCE_VERSION_LABEL] = "latest";
      const edits = setFields(o, ["metadata", "labels"], labels);
      return edits?.length ? { title: `Enforce the ${level} Pod Security Standard on namespace "${o.name}" (new pods that do not meet it will be rejected)`, safe: false, edits } : undefined;
    };
    if (enforce === undefined) {
      // The cluster's default applies: judged like a label of that level.
      if (clusterLevel === "baseline" || clusterLevel === "restricted") return;
      const annotated = o.annotations[ENFORCE_LABEL] !== undefined;
      const why = clusterLevel === "privileged" ? `and the cluster's default (${byDefault!.from}) is privileged, so Pod Security Admission enforces nothing here`
        : annotated ? `only an annotation of that name, which Pod Security Admission does not read (move it to labels), so it enforces nothing here`
        : `so Pod Security Admission enforces nothing here unless the API server sets a cluster-wide default (the PodSecurity plugin's defaults in an AdmissionConfiguration, as Talos does; tell kubeready with the rule's clusterDefault option)`;
      ctx.report({
        message: `Namespace "${o.name}" has no ${ENFORCE_LABEL} label, ${why}; the guide asks for restricted (or baseline).`,
        path: annotated ? ["metadata", "annotations", ENFORCE_LABEL] : ["metadata", "name"],
        fact: { namespace: o.name },
        fix,
      });
    } else if (enforce === "privileged") {
      ctx.report({
        message: `Namespace "${o.name}" enforces the privileged Pod Security Standard, which allows everything; the guide asks for restricted (or baseline).`,
        path: ["metadata", "labels", ENFORCE_LABEL],
        fact: { namespace: o.name },
        fix: () => {
          const e = setField(o, ["metadata", "labels", ENFORCE_LABEL], level);
          return e && { title: `Enforce the ${level} Pod Security Standard on namespace "${o.name}" (new pods that do not meet it will be rejected)`, safe: false, edits: [e] };
        },
      });
    }
  },
});
