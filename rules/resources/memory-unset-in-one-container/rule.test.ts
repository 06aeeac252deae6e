// Tests for resources/memory-unset-in-one-container: the container that sets no memory in a pod whose others do.
import { fixturesOf, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "no container sets memory (resources/best-effort and qos rules judge that)", yaml: fixture("invalid").replace("            requests: {cpu: 250m, memory: 256Mi}\n            limits: {memory: 256Mi}\n", "            requests: {cpu: 250m}\n") },
  ],
  invalid: [
    fixture.invalid([{ line: 21, column: 11, message: 'Container "log-shipper" sets no memory request or limit although "api" in the same pod does: the scheduler reserves nothing for it and it may use the node\'s memory without bound.' }]),
    {
      name: "a sidecar (restartable init container) without resources: on its name key",
      yaml: fixture("invalid").replace("      containers:\n", "      initContainers:\n        - name: mesh\n          image: registry.example.com/mesh:1.2.0\n          restartPolicy: Always\n      containers:\n"),
      findings: [{ line: 14, column: 11, message: /^Container "mesh" sets no memory/ }, { line: 25, message: /^Container "log-shipper"/ }],
    },
  ],
});
