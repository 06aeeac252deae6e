// Per-document configuration: .kubeready.yaml from the workspace root, overridden by the editor's kubeready.* settings.
import { DEFAULT_CONFIG, mergeConfig, parseConfig, type KubereadyConfig } from "../../rules/config.js";
import type { KubereadySettings } from "../settings.js";

/** The editor's kubeready.* settings (server/settings.ts); unset (null/empty) values defer to .kubeready.yaml. */
export type EditorSettings = KubereadySettings;

export interface ResolvedSettings { enable: boolean; config: KubereadyConfig; schemaEnabled: boolean; problems: string[] }

/** Builds one config object per distinct input, so engine caches keyed by config identity stay warm. */
export class ConfigResolver {
  private fileConfig: KubereadyConfig = DEFAULT_CONFIG;
  private fileProblems: string[] = [];
  private memo = new Map<string, ResolvedSettings>();

  setConfigFile(text: string | undefined): void {
    if (text === undefined) { this.fileConfig = DEFAULT_CONFIG; this.fileProblems = []; }
    else {
      const { config, problems } = parseConfig(text);
      this.fileConfig = config;
      this.fileProblems = problems.map((p) => p.message);
    }
    this.memo.clear();
  }

  get base(): KubereadyConfig { return this.fileConfig; }

  resolve(settings: EditorSettings | null | undefined, redHatYamlActive: boolean): ResolvedSettings {
    const key = JSON.stringify(settings ?? null) + (redHatYamlActive ? "1" : "0");
    const hit = this.memo.get(key);
    if (hit) return hit;
    const overlay: Record<string, unknown> = {};
    const s: Partial<KubereadySettings> = settings ?? {};
    const pss: Record<string, unknown> = {};
    if (s.pss?.level) pss.level = s.pss.level;
    if (s.pss?.version) pss.version = s.pss.version;
    if (Object.keys(pss).length) overlay.pss = pss;
    if (s.rules && Object.keys(s.rules).length) overlay.rules = s.rules;
    if (s.defaultNamespace) overlay.defaultNamespace = s.defaultNamespace;
    if (s.criticalWorkloads?.length) overlay.criticalWorkloads = s.criticalWorkloads;
    if (s.exclude?.length) overlay.exclude = s.exclude;
    const render: Record<string, unknown> = {};
    if (typeof s.render?.enable === "boolean") render.enabled = s.render.enable;
    if (s.render?.helmPath) render.helm = s.render.helmPath;
    if (s.render?.kustomizePath) render.kustomize = s.render.kustomizePath;
    if (Object.keys(render).length) overlay.render = render;
    const { config, problems } = mergeConfig(this.fileConfig, overlay);
    const schemaWanted = s.schema?.enable !== false;
    const defer = s.schema?.deferToRedHatYaml !== false;
    const resolved: ResolvedSettings = {
      enable: s.enable !== false,
      config,
      schemaEnabled: schemaWanted && !(defer && redHatYamlActive),
      problems: [...this.fileProblems, ...problems.map((p) => `settings: ${p.message}`)],
    };
    this.memo.set(key, resolved);
    return resolved;
  }
}
