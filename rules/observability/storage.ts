// Where in a Thanos-uploading object the object storage is configured, for the storage rules of this family to point at.
import type { KObject } from "../model/object.js";
import type { Path } from "../model/position.js";
import { isMonitoringResource, thanosContainersOf, usesObjectStorage } from "../model/prometheus.js";

/** The path to point at in an object that writes to object storage. */
export function objectStoragePath(o: KObject): Path {
  if (isMonitoringResource(o, "Prometheus")) return ["spec", "thanos", "objectStorageConfig"];
  if (isMonitoringResource(o, "ThanosRuler")) return ["spec", "objectStorageConfig"];
  const writer = thanosContainersOf(o).find((t) => ["sidecar", "receive", "rule"].includes(t.component) && usesObjectStorage(t));
  return writer ? writer.container.path : ["metadata", "name"];
}
