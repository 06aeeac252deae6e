// Whether a file is one of a Helm chart's templates (`<chart>/templates/**` beside a Chart.yaml): Helm renders it whole.
import { existsSync } from "node:fs";
import { dirname, join, sep } from "node:path";

const charts = new Map<string, boolean>();

function isChart(dir: string): boolean {
  let known = charts.get(dir);
  if (known === undefined) {
    known = existsSync(join(dir, "Chart.yaml")) || existsSync(join(dir, "Chart.yml"));
    if (charts.size > 10_000) charts.clear();
    charts.set(dir, known);
  }
  return known;
}

/** True for a path under a `templates` folder whose parent holds a Chart.yaml. */
export function isChartTemplatePath(path: string): boolean {
  for (let dir = dirname(path); dirname(dir) !== dir; dir = dirname(dir)) {
    if (dir.endsWith(`${sep}templates`) && isChart(dirname(dir))) return true;
  }
  return false;
}
