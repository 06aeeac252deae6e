// PSA check "restrictedVolumes" (check_restrictedVolumes.go): only core, non-host volume types.
// One revision at 1.0; upstream added `image` to its allow-list in place (not behind a new version).
import { joinQuote, list, obj, pluralize, sortedUnique, str } from "../pod.js";
import type { Check, CheckPodFn, Path } from "../types.js";

/** Volume sources the restricted profile allows. */
export const ALLOWED_VOLUME_SOURCES: readonly string[] = [
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
];

/** Restricted sources in the order upstream names them (its "unknown" fallback is unreachable after defaulting). */
const RESTRICTED_VOLUME_SOURCES = [
  "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
  "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
  "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
];

const restrictedVolumes_1_0: CheckPodFn = (_meta, spec) => {
  const badVolumes: string[] = [];
  const badTypes: string[] = [];
  const paths: Path[] = [];
  list(spec.volumes).forEach((entry, i) => {
    const volume = obj(entry);
    if (!volume) return;
    // A source counts when it is an object (a nil pointer otherwise).
    if (ALLOWED_VOLUME_SOURCES.some((source) => obj(volume[source]))) return;
    const type = RESTRICTED_VOLUME_SOURCES.find((source) => obj(volume[source]));
    // A volume without any source is defaulted by the API server to emptyDir (SetDefaults_Volume) before
    // admission, so PSA never sees it sourceless; upstream's own pass fixture relies on that.
    if (!type) return;
    badVolumes.push(str(volume.name));
    badTypes.push(type);
    paths.push(["spec", "volumes", i, type]);
  });
  if (badVolumes.length === 0) return undefined;
  const types = sortedUnique(badTypes);
  return {
    reason: "restricted volume types",
    detail: `${pluralize("volume", "volumes", badVolumes.length)} ${joinQuote(badVolumes)} ${pluralize("uses", "use", badVolumes.length)} ${pluralize("restricted volume type", "restricted volume types", types.length)} ${joinQuote(types)}`,
    paths,
  };
};

export const restrictedVolumesCheck: Check = {
  id: "restrictedVolumes",
  level: "restricted",
  title: "Volume types",
  versions: [
    { minimumVersion: 0, checkPod: restrictedVolumes_1_0, overrides: ["hostPathVolumes"], upstream: "restrictedVolumes_1_0 (OverrideCheckIDs: hostPathVolumes)" },
  ],
};
