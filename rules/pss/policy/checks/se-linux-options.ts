// PSA check "seLinuxOptions" (check_seLinuxOptions.go): SELinux type from an allow-list; user and role unset.
import { containersOf, joinQuote, obj, podSecurityContext, pluralize, securityContextOf, sortedUnique, str, type Obj } from "../pod.js";
import type { Check, CheckPodFn, ContainerRef, Path } from "../types.js";

/** selinuxAllowedTypes1_0 */
const ALLOWED_TYPES_1_0: ReadonlySet<string> = new Set(["", "container_t", "container_init_t", "container_kvm_t"]);
/** selinuxAllowedTypes1_31: adds container_engine_t. */
const ALLOWED_TYPES_1_31: ReadonlySet<string> = new Set([...ALLOWED_TYPES_1_0, "container_engine_t"]);

function seLinuxOptions(allowedTypes: ReadonlySet<string>): CheckPodFn {
  return (_meta, spec) => {
    const badSetters: string[] = [];
    const badTypes: string[] = [];
    const paths: Path[] = [];
    let setUser = false;
    let setRole = false;

    const valid = (opts: Obj, base: Path): boolean => {
      let ok = true;
      const type = str(opts.type);
      if (!allowedTypes.has(type)) {
        ok = false;
        badTypes.push(type);
        paths.push([...base, "type"]);
      }
      if (str(opts.user).length > 0) {
        ok = false;
        setUser = true;
        paths.push([...base, "user"]);
      }
      if (str(opts.role).length > 0) {
        ok = false;
        setRole = true;
        paths.push([...base, "role"]);
      }
      return ok;
    };

    const podOpts = obj(podSecurityContext(spec)?.seLinuxOptions);
    if (podOpts && !valid(podOpts, ["spec", "securityContext", "seLinuxOptions"])) badSetters.push("pod");

    const bad: ContainerRef[] = [];
    for (const c of containersOf(spec)) {
      const opts = obj(securityContextOf(c)?.seLinuxOptions);
      if (opts && !valid(opts, [...c.path, "securityContext", "seLinuxOptions"])) bad.push(c.ref);
    }
    if (bad.length > 0) badSetters.push(`${pluralize("container", "containers", bad.length)} ${joinQuote(bad.map((r) => r.name))}`);
    if (badSetters.length === 0) return undefined;

    // Upstream only lists "user/role may not be set" when a bad type was found too; kept as is.
    const badData: string[] = [];
    const types = sortedUnique(badTypes);
    if (types.length > 0) {
      badData.push(`${pluralize("type", "types", types.length)} ${joinQuote(types)}`);
      if (setUser) badData.push("user may not be set");
      if (setRole) badData.push("role may not be set");
    }
    return {
      reason: "seLinuxOptions",
      detail: `${badSetters.join(" and ")} set forbidden securityContext.seLinuxOptions: ${badData.join("; ")}`,
      paths,
      ...(bad.length > 0 ? { containers: bad } : {}),
    };
  };
}

export const seLinuxOptionsCheck: Check = {
  id: "seLinuxOptions",
  level: "baseline",
  title: "SELinux options",
  versions: [
    { minimumVersion: 0, checkPod: seLinuxOptions(ALLOWED_TYPES_1_0), upstream: "seLinuxOptions1_0 (selinuxAllowedTypes1_0)" },
    { minimumVersion: 31, checkPod: seLinuxOptions(ALLOWED_TYPES_1_31), upstream: "seLinuxOptions1_31 (selinuxAllowedTypes1_31: + container_engine_t)" },
  ],
};
