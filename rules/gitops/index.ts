// GitOps rules: what Argo CD deploys and how (guide §4A Upgrades — GitOps).
import type { Rule } from "../api.js";
import applicationTracksHead from "./application-tracks-head/rule.js";

export const rules: readonly Rule[] = [
  applicationTracksHead,
];
