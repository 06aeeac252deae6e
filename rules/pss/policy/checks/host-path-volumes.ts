// PSA check "hostPathVolumes" (check_hostPathVolumes.go): no hostPath volumes.
import { joinQuote, list, obj, pluralize, str } from "../pod.js";
import type { Check, CheckPodFn, Path } from "../types.js";

const hostPathVolumes_1_0: CheckPodFn = (_meta, spec) => {
  const names: string[] = [];
  const paths: Path[] = [];
  list(spec.volumes).forEach((entry, i) => {
    const volume = obj(entry);
    if (volume && obj(volume.hostPath)) {
      names.push(str(volume.name));
      paths.push(["spec", "volumes", i, "hostPath"]);
    }
  });
  if (names.length === 0) return undefined;
  return { reason: "hostPath volumes", detail: `${pluralize("volume", "volumes", names.length)} ${joinQuote(names)}`, paths };
};

export const hostPathVolumesCheck: Check = {
  id: "hostPathVolumes",
  level: "baseline",
  title: "HostPath volumes",
  versions: [{ minimumVersion: 0, checkPod: hostPathVolumes_1_0, upstream: "hostPathVolumes_1_0" }],
};
