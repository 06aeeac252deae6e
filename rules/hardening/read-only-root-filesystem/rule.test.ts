// Tests for hardening/read-only-root-filesystem.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

testRule(rule, {
  valid: [
    {
      name: "every container read-only",
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: a:1
      securityContext: {readOnlyRootFilesystem: true}
`,
    },
    {
      name: "ephemeral debug containers are not part of the workload",
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: a:1
      securityContext: {readOnlyRootFilesystem: true}
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`,
    },
    {
      name: "Windows pods cannot set it (the API server forbids the field)",
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  containers:
    - name: a
      image: mcr.microsoft.com/windows/servercore:ltsc2022
`,
    },
    { name: "not a workload", yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n" },
  ],
  invalid: [
    {
      name: "missing and false, with the fix keeping comments and order",
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web # the app
        image: web:1
        securityContext:
          readOnlyRootFilesystem: false  # TODO
      - name: sidecar
        image: s:1
`,
      findings: [
        { line: 12, column: 35, message: /"web" sets readOnlyRootFilesystem: false/ },
        { line: 13, column: 9, message: /^Container "sidecar" does not set/ },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: web # the app
        image: web:1
        securityContext:
          readOnlyRootFilesystem: true  # TODO
      - name: sidecar
        image: s:1
        securityContext:
          readOnlyRootFilesystem: true
`,
    },
    {
      // Shape of the many quick-start manifests with an app and a log/proxy sidecar: one root cause, one finding, one
      // fix for both containers, the second container as a related location.
      name: "two containers without it: one finding on the first, naming both",
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
        - name: log-forwarder
          image: fluent-bit:3
`,
      findings: [{ line: 9, column: 11, message: /^Containers "app", "log-forwarder" do not set securityContext.readOnlyRootFilesystem: true: an attacker/ }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          securityContext:
            readOnlyRootFilesystem: true
        - name: log-forwarder
          image: fluent-bit:3
          securityContext:
            readOnlyRootFilesystem: true
`,
    },
    {
      name: "CronJob init container, flow-style security context",
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: i:1
              securityContext: {runAsNonRoot: true}
          containers:
            - name: job
              image: j:1
              securityContext: {readOnlyRootFilesystem: true}
`,
      findings: [{ line: 13, column: 15 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 1 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: i:1
              securityContext: {runAsNonRoot: true, readOnlyRootFilesystem: true}
          containers:
            - name: job
              image: j:1
              securityContext: {readOnlyRootFilesystem: true}
`,
    },
  ],
});
