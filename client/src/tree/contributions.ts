// The package.json `contributes` entries the readiness tree needs (view container, view, commands, menus), kept beside the code that registers them.
import { COMMANDS, ONLY_FAILING_CONTEXT_KEY, VALIDATE_COMMAND, VIEW_ID } from "./ids.js";

export const readinessTreeContributions = {
  viewsContainers: {
    // The container title prefixes the generated "Focus on … View" command: "kubeready: Focus on Cluster Readiness View".
    activitybar: [{ id: "kubeready-cluster", title: "kubeready", icon: "media/cluster.svg" }],
  },
  views: {
    "kubeready-cluster": [{ id: VIEW_ID, name: "Cluster Readiness", contextualTitle: "kubeready" }],
  },
  viewsWelcome: [{ view: VIEW_ID, contents: "No cluster read yet.\n[Refresh](command:kubeready.cluster.refresh)\n[Switch context](command:kubeready.cluster.switchContext)" }],
  commands: [
    { command: COMMANDS.refresh, title: "Refresh", category: "kubeready", icon: "$(refresh)" },
    { command: COMMANDS.switchContext, title: "Switch Kubeconfig Context", category: "kubeready", icon: "$(server-environment)" },
    { command: COMMANDS.showFailingOnly, title: "Show Failing Items Only", category: "kubeready", icon: "$(filter)" },
    { command: COMMANDS.showAll, title: "Show All Items", category: "kubeready", icon: "$(filter-filled)" },
    { command: COMMANDS.exportReport, title: "Export Readiness Report (Markdown)", category: "kubeready", icon: "$(markdown)" },
    { command: COMMANDS.openLiveObject, title: "Open Live Object (read-only)", category: "kubeready" },
    { command: COMMANDS.writeFixManifest, title: "Write the Fix as a Manifest", category: "kubeready", icon: "$(new-file)" },
    // Labelled for what it does: it sends the file to the cluster (dry runs, but create permission is needed).
    { command: VALIDATE_COMMAND, title: "Validate Against Cluster (server-side dry run, needs create permission)", category: "kubeready" },
  ],
  menus: {
    "view/title": [
      { command: COMMANDS.refresh, when: `view == ${VIEW_ID}`, group: "navigation@1" },
      { command: COMMANDS.showFailingOnly, when: `view == ${VIEW_ID} && !${ONLY_FAILING_CONTEXT_KEY}`, group: "navigation@2" },
      { command: COMMANDS.showAll, when: `view == ${VIEW_ID} && ${ONLY_FAILING_CONTEXT_KEY}`, group: "navigation@2" },
      { command: COMMANDS.switchContext, when: `view == ${VIEW_ID}`, group: "navigation@3" },
      { command: COMMANDS.exportReport, when: `view == ${VIEW_ID}`, group: "navigation@4" },
    ],
    "view/item/context": [
      { command: COMMANDS.writeFixManifest, when: `view == ${VIEW_ID} && viewItem =~ /^kubeready\\.(namespace|area)$/`, group: "inline" },
      { command: COMMANDS.switchContext, when: `view == ${VIEW_ID} && viewItem == kubeready.context`, group: "inline" },
    ],
    commandPalette: [
      { command: COMMANDS.openLiveObject, when: "false" },
      { command: COMMANDS.writeFixManifest, when: "false" },
      { command: VALIDATE_COMMAND, when: "editorLangId == yaml" },
    ],
  },
} as const;
