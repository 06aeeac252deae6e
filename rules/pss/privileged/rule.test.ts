// Tests for pss/privileged: the fixtures, and what the rule reports on them.
import { readFileSync } from "node:fs";
import { daemonSetYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.yaml`, import.meta.url), "utf8");

const daemonSet = daemonSetYaml;

testRule(rule, {
  valid: [
    // By-design host access of node agents (seen on real repositories): cAdvisor must be privileged to read container stats.
    { name: "a node agent DaemonSet (cAdvisor image)", yaml: daemonSet("cadvisor", "registry.example.com/acme/cadvisor:0.47@sha256:abc", "", "        - {name: sys, hostPath: {path: /sys}}\n        - {name: docker, hostPath: {path: /var/lib/docker}}\n") },
    { name: "a DaemonSet that mounts only node paths", yaml: daemonSet("stats", "registry.example.com/stats:1", "", "        - {name: proc, hostPath: {path: /proc}}\n        - {name: root, hostPath: {path: /}}\n") },
    { name: "fixtures/valid.yaml", yaml: fixture("valid") },
    { name: "privileged level switches PSS off", yaml: fixture("invalid").replace("enforce: baseline", "enforce: privileged"), config: { pss: { level: "privileged" } } },
  ],
  invalid: [
    {
      name: "a DaemonSet that mounts an application folder is not a node agent",
      yaml: daemonSet("cache", "registry.example.com/cache:1", "", "        - {name: data, hostPath: {path: /mnt/cache}}\n"),
      findings: [{ line: 12, message: /must not set securityContext.privileged=true/ }],
    },
    {
      name: "a Deployment with a node agent's image is not a node agent",
      yaml: daemonSet("cadvisor", "registry.example.com/acme/cadvisor:0.47", "", "        - {name: sys, hostPath: {path: /sys}}\n").replace("kind: DaemonSet", "kind: Deployment"),
      findings: [{ line: 12, message: /must not set securityContext.privileged=true/ }],
    },
    {
      name: "fixtures/invalid.yaml",
      yaml: fixture("invalid"),
      findings: [{ line: 18, column: 21, message: /^Container "app" must not set securityContext.privileged=true: / }],
      output: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0.0\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [\"ALL\"]\n",
    },
  ],
});
