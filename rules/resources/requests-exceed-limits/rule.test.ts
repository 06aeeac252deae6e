// Tests for resources/requests-exceed-limits.
import { podYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

testRule(rule, {
  valid: [
    { name: "request below limit, by value not by text (900Mi < 1Gi, 0.5 < 600m)", yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {cpu: 0.5, memory: 900Mi}\n        limits: {cpu: 600m, memory: 1Gi}\n") },
    { name: "equal in other units (1G = 1000M)", yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {memory: 1000M}\n        limits: {memory: 1G}\n") },
    { name: "extended resource equal", yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {nvidia.com/gpu: 1}\n        limits: {nvidia.com/gpu: \"1\"}\n") },
    { name: "request without limit is fine for cpu", yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {cpu: \"4\"}\n") },
    { name: "malformed values are left to invalid-quantity", yaml: podYaml("  containers:\n    - name: a\n      image: a:1\n      resources:\n        requests: {memory: 2Gb}\n        limits: {memory: 1Gi}\n") },
  ],
  invalid: [
    {
      name: "memory request above limit (2Gi > 2000Mi); unsafe fix lowers the request",
      yaml: podYaml("  containers:\n    - name: app\n      image: a:1\n      resources:\n        requests:\n          memory: 2Gi\n        limits:\n          memory: 2000Mi\n"),
      findings: [{ line: 10, column: 19, endColumn: 22, severity: "error", message: 'container "app": memory request 2Gi exceeds its limit 2000Mi; the API server rejects the pod.' }],
      output: podYaml("  containers:\n    - name: app\n      image: a:1\n      resources:\n        requests:\n          memory: 2000Mi\n        limits:\n          memory: 2000Mi\n"),
    },
    {
      name: "init container and pod-level resources",
      yaml: podYaml("  resources:\n    requests: {cpu: \"2\"}\n    limits: {cpu: 1500m}\n  initContainers:\n    - name: init\n      image: i:1\n      resources:\n        requests: {cpu: 200m}\n        limits: {cpu: 100m}\n  containers:\n    - name: app\n      image: a:1\n"),
      findings: [
        { line: 6, column: 21, message: /^the pod-level resources: cpu request 2 exceeds its limit 1500m/ },
        { line: 12, column: 25, message: /^container "init": cpu request 200m exceeds its limit 100m/ },
      ],
    },
    {
      name: "extended resources: unequal, and a request without a limit (safe fix adds the limit)",
      yaml: podYaml("  containers:\n    - name: gpu\n      image: g:1\n      resources:\n        requests: {nvidia.com/gpu: 1, example.com/fpga: 2}\n        limits: {nvidia.com/gpu: 2}\n"),
      findings: [
        { line: 9, column: 36, message: /nvidia.com\/gpu cannot be overcommitted, so its request 1 must equal its limit 2/ },
        { line: 9, column: 39, message: /example.com\/fpga cannot be overcommitted, so it needs a limit equal to its request \(2\)/ },
      ],
    },
  ],
});
