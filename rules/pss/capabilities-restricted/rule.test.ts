// Tests for pss/capabilities-restricted: the fixtures, and what the rule reports on them.
import { readFileSync } from "node:fs";
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

testRule(rule, {
  valid: [
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "privileged level switches PSS off", yaml: fixture("invalid").replace("enforce: baseline", "enforce: privileged"), config: { pss: { level: "privileged" } } },
  ],
  invalid: [
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 13, column: 7, message: /^Container "app" must set securityContext.capabilities.drop=\["ALL"\]: / }],
      output: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop:\n            - ALL\n",
    },
  ],
});

// node-exporter adds SYS_TIME by design (seen on real repositories); a node agent that does not drop ALL is still judged.
const exporter = (caps: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: ne}}
  template:
    metadata: {labels: {app: ne}}
    spec:
      containers:
        - name: node-exporter
          image: quay.io/prometheus/node-exporter:v1.8.0
          securityContext: {capabilities: ${caps}}
`;
testRule(rule, {
  valid: [{ name: "a node agent that drops ALL and adds what it is for", yaml: exporter("{drop: [ALL], add: [SYS_TIME]}") }],
  invalid: [{ name: "a node agent that does not drop ALL", yaml: exporter("{add: [SYS_TIME]}"), findings: [{ line: 12 }] }],
});
