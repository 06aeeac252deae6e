// `lint --fix` reaches a fixed point across files: a fix in one file that changes how another file is judged (an unsafe
// fix labels a privileged Namespace `enforce: restricted`; its workload in another file is then judged at restricted)
// is followed in the same run, so a second run changes nothing. The shape comes from a real homelab repository.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fixInputs } from "./fixFiles.js";
import { DEFAULT_CONFIG } from "../../rules/config.js";
import { pathToFileURL } from "node:url";
import { project, run } from "./testkit.js";

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: home
  labels:
    pod-security.kubernetes.io/enforce: privileged
`;

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: hub
  namespace: home
spec:
  serviceName: hub
  selector:
    matchLabels: {app: hub}
  template:
    metadata:
      labels: {app: hub}
    spec:
      securityContext:
        fsGroup: 1000
      hostNetwork: true
      containers:
        - name: hub
          image: registry.example.com/hub:1.0.0
          # the image runs as 1000
          securityContext:
            readOnlyRootFilesystem: true
`;

describe("lint --fix across files", () => {
  it("a second --unsafe-fixes run changes nothing after a Namespace's level was raised by the first", async () => {
    const root = project({ "ns.yaml": NAMESPACE, "hub.yaml": STATEFULSET });
    const first = await run(["lint", "--fix", "--unsafe-fixes", "--no-render", "--fail-on", "never", "."], { cwd: root });
    assert.equal(first.code, 0, first.stderr);
    const ns = readFileSync(join(root, "ns.yaml"), "utf8"), hub = readFileSync(join(root, "hub.yaml"), "utf8");
    assert.match(ns, /enforce: (restricted|baseline)/, "the first run raised the Namespace's level");
    assert.doesNotMatch(hub, /hostNetwork: true/, "and fixed the workload at that level in the same run");
    assert.match(hub, /# the image runs as 1000/);
    await run(["lint", "--fix", "--unsafe-fixes", "--no-render", "--fail-on", "never", "."], { cwd: root });
    assert.equal(readFileSync(join(root, "ns.yaml"), "utf8"), ns);
    assert.equal(readFileSync(join(root, "hub.yaml"), "utf8"), hub);
  });

  it("fixInputs reports each file once, from its original text to its final one, with the fixes of every pass", () => {
    const root = project({});
    const inputs = [
      { uri: pathToFileURL(join(root, "ns.yaml")).href, text: NAMESPACE, display: "ns.yaml" },
      { uri: pathToFileURL(join(root, "hub.yaml")).href, text: STATEFULSET, display: "hub.yaml" },
    ];
    const results = fixInputs(inputs, DEFAULT_CONFIG, true);
    assert.deepEqual(results.map((r) => r.display), ["ns.yaml", "hub.yaml"]);
    const hub = results[1];
    assert.equal(hub.before, STATEFULSET);
    assert.doesNotMatch(hub.after, /hostNetwork: true/);
    assert.ok(hub.fixed.some((f) => f.rule === "pss/host-namespaces"), hub.fixed.map((f) => f.rule).join(", "));
  });
});
