// Node agents: DaemonSets whose job is the node itself (metrics, logs, storage and network plugins), so host access is their design.
//
// A node exporter must read the node's /proc and /sys, a log shipper the node's /var/log, a CSI node plugin the
// kubelet's folders, cAdvisor the container runtime's state. Asking them to drop that access asks them to stop working
// (LABELLING rule 5 on the real-world sets: by-design host access is noise). The signal is deliberately narrow:
// a DaemonSet (one pod per node), and either an image or name of a well-known node agent, or hostPath volumes that all
// point at the node paths such agents read. A Deployment with host access, or a DaemonSet that mounts anything else
// (a data folder, the Docker socket of an app), is judged as usual.
import { asArray, asObject, type KObject } from "./object.js";
import type { PodTemplate } from "./podspec.js";

/** Images and names of node agents: metrics, logs, tracing agents, security sensors, CNI/CSI node plugins. */
const AGENT = /(^|[/_-])(node-exporter|cadvisor|fluent-?bit|fluentd|promtail|filebeat|metricbeat|auditbeat|vector-agent|datadog-agent|otel-agent|opentelemetry-collector(-contrib)?|grafana-agent|alloy|falco|falco-exporter|node-problem-detector|calico-node|cilium(-agent)?|kube-proxy|kube-router|flannel|weave-kube|aws-node|csi-node(-driver)?|[a-z0-9-]*-csi-node|node-driver-registrar|livenessprobe|nvidia-device-plugin|dcgm-exporter|log-?shipper|logfile-metric-exporter|log-file-metric-exporter)([:@/_-]|$)/i;

/** Node paths that agents read: kernel views, logs, the kubelet's and the runtime's state, devices. */
const NODE_PATH = /^\/(|proc(\/.*)?|sys(\/.*)?|dev(\/.*)?|rootfs|var\/log(\/.*)?|var\/lib\/kubelet(\/.*)?|var\/lib\/docker(\/.*)?|var\/lib\/containerd(\/.*)?|var\/lib\/containers(\/.*)?|var\/run(\/.*)?|run(\/.*)?|etc\/machine-id|etc\/os-release|lib\/modules(\/.*)?|usr\/src|boot|tmp)$/;

/**
 * Why host access is this workload's design, or undefined when it is not a node agent: `"node-exporter image"`,
 * `"it mounts only node paths (/proc, /sys)"`.
 */
export function nodeAgentReason(o: KObject, t: PodTemplate): string | undefined {
  if (o.kind !== "DaemonSet") return undefined;
  const images = [...asArray(t.spec.containers), ...asArray(t.spec.initContainers)].map((c) => asObject(c)?.image).filter((i): i is string => typeof i === "string");
  const agentImage = images.find((i) => AGENT.test(i.replace(/^.*\//, "/").replace(/[:@].*$/, "")));
  if (agentImage) return `a node agent (image ${agentImage.replace(/^.*\//, "").replace(/[:@].*$/, "")})`;
  if (AGENT.test(o.name)) return `a node agent (DaemonSet "${o.name}")`;
  const hostPaths = asArray(t.spec.volumes).map((v) => asObject(asObject(v)?.hostPath)?.path).filter((p): p is string => typeof p === "string");
  const normal = hostPaths.map((p) => (p === "/" ? "/" : p.replace(/\/+$/, "")));
  if (normal.length > 0 && normal.every((p) => NODE_PATH.test(p))) return `a node agent (it mounts only node paths: ${[...new Set(normal)].slice(0, 4).join(", ")})`;
  return undefined;
}
