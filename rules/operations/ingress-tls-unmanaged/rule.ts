// operations/ingress-tls-unmanaged: an Ingress serving TLS needs cert-manager to rotate its certificate (guide §4B).
import { defineRule, type Fix } from "../../api.js";
import { setField } from "../../model/edit.js";
import { asArray, asObject, getIn } from "../../model/object.js";
import { placeholder } from "../../model/placeholder.js";
import { isSubstituted } from "../../model/substitution.js";

export const ISSUER_PLACEHOLDER = placeholder("cluster issuer");
/** ingress-shim annotations: cert-manager creates and renews a Certificate for every tls entry (pre-0.11 releases used certmanager.k8s.io). */
const SHIM_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer", "certmanager.k8s.io/cluster-issuer", "certmanager.k8s.io/issuer"];
const CERT_MANAGER_GROUPS = /^(cert-manager\.io|certmanager\.k8s\.io)\//;

export default defineRule({
  meta: {
    id: "operations/ingress-tls-unmanaged",
    title: "TLS certificates of an Ingress must be managed by cert-manager",
    defaultSeverity: "warning",
    kinds: ["Ingress"],
    crossObject: true,
    fix: "unsafe",
    guide: "§4B Certificate Rotation",
  },
  check(ctx) {
    const o = ctx.object;
    if (!/^(networking\.k8s\.io|extensions)\//.test(o.apiVersion)) return;
    if (SHIM_ANNOTATIONS.some((a) => o.annotations[a]) || o.annotations["kubernetes.io/tls-acme"] === "true") return;
    const managed = new Set(
      ctx.index.inNamespace("Certificate", o.namespace)
        .filter((c) => CERT_MANAGER_GROUPS.test(c.apiVersion))
        .map((c) => getIn(c.value, ["spec", "secretName"]))
        .filter((n): n is string => typeof n === "string"),
    );
    asArray(getIn(o.value, ["spec", "tls"])).forEach((entry, i) => {
      const secretName = asObject(entry)?.secretName;
      // No secretName: the controller's default certificate serves it, which is managed elsewhere.
      // A placeholder name (`${TLS_SECRET}`) is filled in before apply: which Secret it is, and who manages it, is unknown.
      if (typeof secretName !== "string" || !secretName || managed.has(secretName) || isSubstituted(secretName)) return;
      ctx.report({
        message: `Ingress "${o.name}" serves TLS from Secret "${secretName}", which no cert-manager Certificate or issuer annotation manages, so nothing renews it before it expires.`,
        path: ["spec", "tls", i, "secretName"],
        key: secretName,
        fix: (): Fix | undefined => {
          const edit = setField(o, ["metadata", "annotations", SHIM_ANNOTATIONS[0]], ISSUER_PLACEHOLDER);
          return edit && { title: `Let cert-manager manage the certificates of Ingress "${o.name}" (cluster issuer is a placeholder)`, safe: false, edits: [edit] };
        },
      });
    });
  },
});
