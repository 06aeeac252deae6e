// Tests for hardening/host-users: pods whose containers may run as root outside a user namespace.
import { fixturesOf, podYaml, testRule } from "../../testing.js";
import rule from "./rule.js";

const fixture = fixturesOf(import.meta.url);

testRule(rule, {
  valid: [
    fixture.valid(),
    { name: "host namespaces cannot be combined with a user namespace", yaml: podYaml("  hostNetwork: true\n  containers:\n    - {name: c, image: \"c:1\"}\n") },
    { name: "a non-zero runAsUser on every container", yaml: podYaml("  containers:\n    - name: c\n      image: c:1\n      securityContext: {runAsUser: 1000}\n") },
    { name: "Windows pods", yaml: podYaml("  os: {name: windows}\n  containers:\n    - {name: c, image: \"c:1\"}\n") },
  ],
  invalid: [
    fixture.invalid([{ line: 12, column: 5, severity: "info", message: 'Deployment "web" runs container "web" possibly as root in the host\'s user namespace; with hostUsers: false (user namespaces, Kubernetes 1.33+) root in the container is an unprivileged user on the node.' }]),
    {
      name: "hostUsers: true written, runAsUser 0 despite runAsNonRoot elsewhere",
      yaml: podYaml("  hostUsers: true\n  containers:\n    - name: a\n      image: a:1\n      securityContext: {runAsUser: 0}\n    - name: b\n      image: b:1\n      securityContext: {runAsNonRoot: true}\n"),
      findings: [{ line: 5, column: 14, message: /runs container "a" possibly as root/ }],
    },
  ],
});
