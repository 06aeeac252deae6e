// GitOps rules: what Argo CD deploys and how (guide §4A Upgrades — GitOps).
import type { Rule } from "../api.js";
import applicationSyncPolicy from "./application-sync-policy/rule.js";
import applicationTracksHead from "./application-tracks-head/rule.js";

export const rules: readonly Rule[] = [
  applicationSyncPolicy,
  applicationTracksHead,
];
