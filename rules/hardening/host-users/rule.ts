// hardening/host-users: containers that may run as root are safer in a user namespace (hostUsers: false), where root maps to an unprivileged host user.
import { defineRule } from "../../api.js";
import { containersOf, effectiveSecurityContext, podTemplateOf, POD_KINDS } from "../../model/podspec.js";
import { getIn } from "../../model/object.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"];

export default defineRule({
  meta: {
    id: "hardening/host-users",
    title: "Pods whose containers may run as root should use a user namespace (hostUsers: false)",
    defaultSeverity: "info",
    enabledByDefault: false,
    kinds: POD_KINDS,
    crossObject: false,
    fix: "unsafe", // needs Kubernetes 1.33+ (or the UserNamespacesSupport gate) and a runtime and filesystems that support it
    guide: "§2B Pod Security Standards",
  },
  check(ctx) {
    const t = podTemplateOf(ctx.object);
    if (!t || t.spec.hostUsers === false) return;
    // User namespaces cannot be combined with the host's namespaces; Windows has none.
    if (HOST_NAMESPACES.some((f) => t.spec[f] === true) || getIn(t.spec, ["os", "name"]) === "windows") return;
    const root = containersOf(t, ["initContainers", "containers"]).filter((c) => {
      const nonRoot = effectiveSecurityContext(t, c, "runAsNonRoot").value === true;
      const user = effectiveSecurityContext(t, c, "runAsUser").value;
      return user === 0 || (!nonRoot && (typeof user !== "number"));
    });
    if (root.length === 0) return;
    const names = root.map((c) => `"${c.name}"`).join(", ");
    ctx.report({
      message: `${ctx.object.kind} "${ctx.object.name}" runs container${root.length > 1 ? "s" : ""} ${names} possibly as root in the host's user namespace; with hostUsers: false (user namespaces, Kubernetes 1.33+) root in the container is an unprivileged user on the node.`,
      path: t.spec.hostUsers === true ? [...t.specPath, "hostUsers"] : t.specPath,
      anchor: t.spec.hostUsers === true ? "value" : "key",
    });
  },
});
