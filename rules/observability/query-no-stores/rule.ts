// observability/query-no-stores: a Thanos Query needs at least one endpoint (sidecars, Store Gateway, Receive, Ruler).
import { defineRule, type Fix } from "../../api.js";
import { appendToList } from "../../model/edit.js";
import { flagListPath } from "../../model/prometheus.js";
import { queryContainersOf } from "../query.js";
import { placeholder } from "../../model/placeholder.js";

/** Flags that give Query something to read from, across Thanos versions (`--store` is the older name of `--endpoint`). */
function isEndpointFlag(arg: string): boolean {
  const m = /^--?([^=\s]+)/.exec(arg);
  if (!m) return false;
  const name = m[1];
  return name.startsWith("endpoint") || name === "store" || name === "store-strict" || name === "store.sd-files" || name === "rule" || name === "metadata" || name === "target";
}

export default defineRule({
  meta: {
    id: "observability/query-no-stores",
    title: "Thanos Query must have at least one store endpoint",
    defaultSeverity: "warning",
    kinds: ["Deployment", "StatefulSet"],
    crossObject: false,
    fix: "unsafe",
    guide: "§1A Prometheus & Thanos HA — Global View",
  },
  check(ctx) {
    const o = ctx.object;
    for (const q of queryContainersOf(o)) {
      if (q.args.some((a) => isEndpointFlag(a.value))) continue;
      ctx.report({
        message: `Thanos Query container "${q.container.name}" has no --endpoint (or --store): it reaches no sidecar or Store Gateway and every query returns nothing.`,
        path: q.container.path,
        key: q.container.name,
        fix: (): Fix | undefined => {
          const edit = appendToList(o, flagListPath(q.container), [`--endpoint=dnssrv+_grpc._tcp.${placeholder("sidecar service")}.${o.namespace}.svc`]);
          return edit && { title: `Add an --endpoint placeholder to container "${q.container.name}"`, safe: false, edits: [edit] };
        },
      });
    }
  },
});
