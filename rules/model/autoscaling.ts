// What an HPA measures: its cpu/memory resource metrics across autoscaling/v1, v2beta1, v2beta2 and v2.
import { asArray, asObject, getIn, type KObject } from "./object.js";
import type { Path } from "./position.js";

export interface ResourceMetric {
  resource: string;
  /** Utilization is measured against requests; AverageValue is an absolute amount. */
  utilization: boolean;
  /** Only this container counts (ContainerResource metrics). */
  container?: string;
  /** Where the metric is written; for the implicit default, the HPA's spec. */
  path: Path;
  implicit: boolean;
}

/** The resource metrics of an HPA, including the API default of 80% CPU utilization when it names none. */
export function resourceMetricsOf(hpa: KObject): ResourceMetric[] {
  if (hpa.apiVersion === "autoscaling/v1") {
    const written = getIn(hpa.value, ["spec", "targetCPUUtilizationPercentage"]) !== undefined;
    return [{ resource: "cpu", utilization: true, path: written ? ["spec", "targetCPUUtilizationPercentage"] : ["spec"], implicit: !written }];
  }
  const metrics = asArray(getIn(hpa.value, ["spec", "metrics"]));
  if (metrics.length === 0) return [{ resource: "cpu", utilization: true, path: ["spec"], implicit: true }];
  const out: ResourceMetric[] = [];
  metrics.forEach((m, i) => {
    const type = getIn(m, ["type"]);
    const field = type === "Resource" ? "resource" : type === "ContainerResource" ? "containerResource" : undefined;
    if (!field) return;
    const r = asObject(getIn(m, [field]));
    if (!r || typeof r.name !== "string") return;
    const target = asObject(r.target);
    // v2beta1 wrote targetAverageUtilization / targetAverageValue instead of target.
    const utilization = target ? target.type === "Utilization" : r.targetAverageUtilization !== undefined;
    out.push({
      resource: r.name, utilization,
      container: field === "containerResource" && typeof r.container === "string" ? r.container : undefined,
      path: ["spec", "metrics", i, field, "name"], implicit: false,
    });
  });
  return out;
}
