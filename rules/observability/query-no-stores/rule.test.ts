// Tests for observability/query-no-stores.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const query = (args: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: thanos-query, namespace: monitoring}
spec:
  selector: {matchLabels: {app: q}}
  template:
    metadata: {labels: {app: q}}
    spec:
      containers:
        - name: query
          image: quay.io/thanos/thanos:v0.37.2
          args: ${args}
`;

testRule(rule, {
  valid: [
    { name: "--endpoint", yaml: query("[query, --endpoint=dnssrv+_grpc._tcp.thanos-sidecar.monitoring.svc]") },
    { name: "older --store", yaml: query("[query, --store, thanos-store:10901]") },
    { name: "file service discovery", yaml: query("[query, --store.sd-files=/etc/thanos/stores.yaml]") },
    { name: "endpoint config file", yaml: query("[query, --endpoint.sd-config-file=/etc/thanos/endpoints.yaml]") },
    { name: "not a query", yaml: query("[store, --objstore.config-file=/etc/objstore.yml]") },
  ],
  invalid: [
    {
      name: "no endpoint at all (flow list); the placeholder fix is unsafe",
      yaml: query("[query, --query.replica-label=prometheus_replica, --store.response-timeout=10s]"),
      findings: [{ line: 10, column: 11, message: 'Thanos Query container "query" has no --endpoint (or --store): it reaches no sidecar or Store Gateway and every query returns nothing.' }],
      output: query('[query, --query.replica-label=prometheus_replica, --store.response-timeout=10s, "--endpoint=dnssrv+_grpc._tcp.<REPLACE_ME_SIDECAR_SERVICE>.monitoring.svc"]'),
    },
    {
      name: "command form",
      yaml: query("[]").replace("args: []", "command: [thanos, querier]"),
      findings: [{ line: 10, column: 11 }],
    },
  ],
});
