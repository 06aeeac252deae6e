// toBlockYaml reads back as exactly the JSON it was given (property test), and looks like kubectl's YAML.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse } from "yaml";
import { loadDemoCluster } from "../test/standin/fixtures.js";
import { toBlockYaml } from "./liveYaml.js";

describe("toBlockYaml", () => {
  it("writes kubectl-style block YAML", () => {
    const text = toBlockYaml({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-0", labels: { app: "web", "app.kubernetes.io/part-of": "shop" }, annotations: {} },
      spec: { containers: [{ name: "web", image: "registry.example.com/web:1.2.3", args: ["--port", "8080"], ports: [{ containerPort: 8080 }] }] },
      status: { phase: "Running", ready: true, restarts: 0, note: "yes", empty: "" },
    });
    assert.equal(text, `apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels:
    app: web
    app.kubernetes.io/part-of: shop
  annotations: {}
spec:
  containers:
  - name: web
    image: registry.example.com/web:1.2.3
    args:
    - "--port"
    - "8080"
    ports:
    - containerPort: 8080
status:
  phase: Running
  ready: true
  restarts: 0
  note: "yes"
  empty: ""
`);
  });

  it("round-trips every demo object", () => {
    for (const o of loadDemoCluster()) assert.deepEqual(parse(toBlockYaml(o)), o);
  });

  it("round-trips arbitrary JSON objects, also for YAML 1.1 readers", () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie("array"), tie("object")),
      array: fc.array(tie("value"), { maxLength: 4 }),
      object: fc.dictionary(fc.string(), tie("value"), { maxKeys: 4 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json.value, { maxKeys: 5 }), (o) => {
        const text = toBlockYaml(o);
        const expected = JSON.parse(JSON.stringify(o)) as unknown; // -0 and such as JSON has them
        assert.deepEqual(parse(text), expected);
        assert.deepEqual(parse(text, { version: "1.1" }), expected);
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });
});
