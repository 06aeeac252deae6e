// Tests for availability/overlapping-pdbs.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const deploy = (name: string, labels: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers: [{name: c, image: c:1}]
`;
const pdb = (name: string, selector: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: shop}
spec:
  maxUnavailable: 1
  selector: ${selector}
`;

testRule(rule, {
  valid: [
    { name: "one budget per workload", yaml: `${pdb("web", "{matchLabels: {app: web}}")}---\n${pdb("api", "{matchLabels: {app: api}}")}---\n${deploy("web", "{app: web}")}---\n${deploy("api", "{app: api}")}` },
    {
      name: "the same budget written in two files (two install variants) is one object, not two",
      yaml: `${pdb("web", "{matchLabels: {app: web}}")}---\n${deploy("web", "{app: web}")}`,
      files: { "file:///test/ha/install.yaml": `${pdb("web", "{matchLabels: {app: web}}")}---\n${deploy("web", "{app: web}")}` },
    },
    { name: "overlapping selectors but no pod matches both", yaml: `${pdb("web", "{matchLabels: {app: web}}")}---\n${pdb("tier", "{matchLabels: {tier: front}}")}---\n${deploy("web", "{app: web}")}` },
  ],
  invalid: [
    {
      name: "a team-wide budget and a per-app budget, the other one in another file",
      yaml: pdb("front", "{matchExpressions: [{key: tier, operator: Exists}]}"),
      files: { "file:///test/web.yaml": `${pdb("web", "{matchLabels: {app: web}}")}---\n${deploy("web", "{app: web, tier: front}")}` },
      findings: [{ line: 6, column: 3, message: 'PodDisruptionBudget "front" and "web" both select the pods of Deployment "web"; the eviction API refuses to evict a pod with more than one budget, so drains block on them.' }],
    },
    {
      name: "policy/v1 empty selector overlaps every other budget",
      yaml: `${pdb("all", "{}")}---\n${pdb("web", "{matchLabels: {app: web}}")}---\n${deploy("web", "{app: web}")}`,
      findings: [{ line: 6, message: /"all" and "web"/ }, { line: 13, message: /"web" and "all"/ }],
    },
  ],
});
