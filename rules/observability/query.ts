// The Thanos Query containers of a workload: shared by the Query rules of this family.
import type { KObject } from "../model/object.js";
import { thanosContainersOf, type ThanosContainer } from "../model/prometheus.js";

/** `thanos query` (alias `querier`) containers; the query-frontend only caches and splits, it does not deduplicate. */
export function queryContainersOf(o: KObject): ThanosContainer[] {
  return thanosContainersOf(o).filter((t) => t.component === "query" || t.component === "querier");
}
