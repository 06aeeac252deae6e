// Where in a Thanos-uploading object the object storage is configured, for the storage rules of this family to point at.
import { getIn, type KObject } from "../model/object.js";
import type { Path } from "../model/position.js";
import { flagValues, isMonitoringResource, thanosContainersOf, usesObjectStorage } from "../model/prometheus.js";
import { placeholder } from "../model/placeholder.js";

/** Placeholder for the Secret that holds the bucket configuration: a fix cannot know it. */
export const OBJSTORE_SECRET_PLACEHOLDER = placeholder("objstore secret");
/** Where a sidecar added or configured by a fix reads its bucket configuration from. */
export const OBJSTORE_CONFIG_FILE = "/etc/thanos/objstore.yml";
export const OBJSTORE_VOLUME = { name: "thanos-objstore", secret: { secretName: OBJSTORE_SECRET_PLACEHOLDER } };
export const OBJSTORE_MOUNT = { name: "thanos-objstore", mountPath: "/etc/thanos", readOnly: true };
/** spec.thanos.objectStorageConfig of a Prometheus resource, as a fix writes it. */
export const OBJSTORE_SECRET_REF = { name: OBJSTORE_SECRET_PLACEHOLDER, key: "objstore.yml" };

/** The operator field that configures the bucket: the inline secret reference, else the file. */
function configuredField(o: KObject, base: Path): Path {
  const file = getIn(o.value, [...base, "objectStorageConfigFile"]);
  const inline = getIn(o.value, [...base, "objectStorageConfig"]);
  return [...base, inline === undefined && file !== undefined ? "objectStorageConfigFile" : "objectStorageConfig"];
}

/** The path to point at in an object that writes to object storage: the field or the `--objstore.config…` argument. */
export function objectStoragePath(o: KObject): Path {
  if (isMonitoringResource(o, "Prometheus")) return configuredField(o, ["spec", "thanos"]);
  if (isMonitoringResource(o, "ThanosRuler")) return configuredField(o, ["spec"]);
  const writer = thanosContainersOf(o).find((t) => ["sidecar", "receive", "rule"].includes(t.component) && usesObjectStorage(t));
  if (!writer) return ["metadata", "name"];
  const flag = [...flagValues(writer.args, "objstore.config"), ...flagValues(writer.args, "objstore.config-file")][0];
  return flag ? flag.flagPath : writer.container.path;
}
