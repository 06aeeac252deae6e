// Generates multi-document Kubernetes manifests of a given size for latency benchmarks.

/** One Deployment (`i` makes names unique). */
function deployment(i: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: shop
  labels: {app: app-${i}, tier: backend}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}, tier: backend}
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: app
          image: registry.example.com/app-${i}:1.0.${i}
          imagePullPolicy: IfNotPresent
          ports:
            - {name: http, containerPort: 8080}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          env:
            - {name: MODE, value: production}
            - {name: INDEX, value: "${i}"}
          volumeMounts: []
`;
}

/** A manifest of Deployments separated by `---`, at least `lines` lines long. */
export function generateManifest(lines: number): string {
  const parts: string[] = [];
  let total = 0;
  for (let i = 0; total < lines; i++) {
    const d = deployment(i);
    parts.push(d);
    total += d.split("\n").length; // the document's lines plus its `---`
  }
  return parts.join("---\n");
}

/** 0-based line of the `  replicas: 2` nearest the middle of `text`: the place the smoke run types into. */
export function middleReplicasLine(text: string): number {
  const lines = text.split("\n");
  for (let offset = 0; offset < lines.length; offset++) {
    for (const line of [Math.floor(lines.length / 2) + offset, Math.floor(lines.length / 2) - offset]) {
      if (lines[line] === "  replicas: 2") return line;
    }
  }
  throw new Error("no `  replicas: 2` line");
}
