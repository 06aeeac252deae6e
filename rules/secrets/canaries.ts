// Manifests full of distinctive secret values, and a check for them, so every front end can prove it never echoes a secret.

// Distinctive values that appear nowhere else; each must never come back out of the engine, the CLI or the server.
export const CANARIES = {
  stringData: "KrCanary-StringData-7f3a91",
  data: "KrCanary-Data-b64-52c8e0",
  env: "KrCanary-EnvLiteral-0d4e77",
  envUrl: "KrCanary-UrlPassword-9a1b2c",
  configMapKey: "KrCanary-ConfigMapKey-3e5f60",
  configMapEmbedded: "KrCanary-Embedded-8c7d6e",
  pem: "KrCanaryPemBody4f2a1b",
} as const;

// ASCII canaries only, so btoa is exact; it also keeps this module free of Node APIs.
const b64 = (s: string) => btoa(s);

export const CANARY_MANIFESTS = `apiVersion: v1
kind: Secret
metadata:
  name: canary-secret
  namespace: shop
type: Opaque
stringData:
  password: ${CANARIES.stringData}
data:
  token: ${b64(CANARIES.data)}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: canary-app
  namespace: shop
spec:
  selector: {matchLabels: {app: canary}}
  template:
    metadata: {labels: {app: canary}}
    spec:
      containers:
        - name: app
          image: app
          env:
            - name: DB_PASSWORD
              value: ${CANARIES.env}
            - name: DATABASE_URL
              value: "postgres://app:${CANARIES.envUrl}@db:5432/app"
            - name: TLS_KEY
              value: "-----BEGIN RSA PRIVATE KEY-----\\n${CANARIES.pem}\\n-----END RSA PRIVATE KEY-----"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: canary-config
  namespace: shop
data:
  API_KEY: ${CANARIES.configMapKey}
  app.yaml: |
    auth:
      client_secret: "${CANARIES.configMapEmbedded}"
---
apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: canary-prometheus
  namespace: shop
spec:
  replicas: 1
`;

/** Every form of every canary that must not leak: the value, its base64 form, and a fragment of its distinctive part. */
export function forbidden(): string[] {
  const out: string[] = [];
  for (const v of Object.values(CANARIES)) out.push(v, b64(v), v.slice(-6));
  return out;
}

/** The forbidden strings that occur in a text (empty when nothing leaks). */
export function leaks(text: string): string[] {
  return forbidden().filter((f) => text.includes(f));
}

