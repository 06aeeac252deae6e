// Tests for availability/critical-priority-class.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (priority = "") => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${priority}      containers: [{name: web, image: web:1}]
`;
const pc = (name: string) => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\nvalue: 1000\n`;

testRule(rule, {
  valid: [
    // Polaris priorityClassNotSet fires on every workload without one; kubeready asks only critical workloads.
    { name: "no priority class, not critical", yaml: deploy() },
    { name: "critical with a class that exists", yaml: `${deploy("      priorityClassName: high\n")}---\n${pc("high")}`, config: { criticalWorkloads: ["web"] } },
    { name: "a built-in class", yaml: `${deploy("      priorityClassName: system-cluster-critical\n")}---\n${pc("other")}` },
    { name: "no PriorityClass in scope: the platform provides them", yaml: deploy("      priorityClassName: high\n") },
  ],
  invalid: [
    {
      name: "critical without a class",
      yaml: deploy(),
      config: { criticalWorkloads: ["shop/web"] },
      findings: [{ line: 8, column: 5, message: 'Deployment "web" is listed in criticalWorkloads but sets no priorityClassName: under resource pressure the scheduler may leave it pending and may preempt it for any other pod of the default priority.' }],
    },
    {
      name: "a class name typo",
      yaml: `${deploy("      priorityClassName: hihg\n")}---\n${pc("high")}`,
      findings: [{ line: 9, column: 26, endColumn: 30, message: 'Deployment "web" sets priorityClassName "hihg", but no PriorityClass of that name is in scope although others deployed with it are; the API server rejects its pods ("no PriorityClass with name hihg was found").' }],
    },
  ],
});
