// Tests for secrets/configmap-credentials.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const cm = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data:
${data}`;

testRule(rule, {
  valid: [
    { name: "ordinary settings", yaml: cm("  LOG_LEVEL: info\n  TOKEN_FILE: /var/run/secrets/token\n  password-secret-name: db\n") },
    { name: "embedded config that reads secrets from the environment", yaml: cm("  app.yaml: |\n    db:\n      password: ${DB_PASSWORD}\n      password_file: /run/secrets/db\n    token: \"\"\n") },
    { name: "code that reads a token from the environment", yaml: cm("  main.py: |\n    client = Client(token=os.environ[\"HF_TOKEN\"])\n    token = self.token\n") },
    { name: "nsswitch.conf passwd database", yaml: cm("  nsswitch.conf: |\n    passwd:         compat\n    group:          compat\n") },
    { name: "references to secrets, not secrets (Cloud Build secretEnv, a Helm-style existingSecret)", yaml: cm("  cloudbuild.yaml: |\n    steps:\n      - name: gcr.io/cloud-builders/docker\n        secretEnv: DOCKER_PASSWORD\n    availableSecrets:\n      secretManager:\n        - versionName: projects/p/secrets/docker/versions/1\n          env: DOCKER_PASSWORD\n  values.yaml: |\n    existingSecret: db-credentials\n    passwordFrom: vault\n") },
    // kube-prometheus-stack values embedded by a configMapGenerator: grafana.envFromSecret names the Secret the pods read.
    { name: "a Helm value that names the Secret to read env from (envFromSecret)", yaml: cm("  values.yaml: |\n    grafana:\n      envFromSecret: grafana-env\n      tlsSecret: grafana-tls\n") },
    { name: "settings about credentials: a number, a name template", yaml: cm("  password_rotation_user_retention: \"180\"\n  secret_name_template: \"{username}.{cluster}.credentials\"\n  token_refresh: 30m\n") },
    { name: "a placeholder", yaml: cm("  API_KEY: \"<set-me>\"\n") },
    { name: "references the application resolves at start-up: YAML tags (!secret, !Env) and {ENV} substitution; token lifetimes", yaml: cm("  configuration.yaml: |\n    auth:\n      client_secret: !secret oidc_client_secret\n  blueprint.yaml: |\n    attrs:\n      client_secret: !Env OIDC_CLIENT_SECRET\n      access_token_validity: hours=1\n  frigate.yml: |\n    mqtt:\n      password: '{FRIGATE_MQTT_PASSWORD}'\n") },
    { name: "connection URLs without a password, or with a reference", yaml: cm("  REDIS_URL: redis://redis:6379/0\n  PG: postgres://app@db/app\n  AMQP: amqp://app:$(RABBIT_PASSWORD)@mq:5672\n") },
  ],
  invalid: [
    {
      name: "credentials in connection URLs (Redis's empty user too, inside an embedded file) are reported without the value",
      yaml: cm("  REDIS_URL: \"redis://:fixture-pw-1@redis:6379/0\"\n  settings.py: |\n    BROKER = \"amqp://guest:fixture-pw-2@rabbit:5672//\"\n"),
      findings: [
        { line: 5, column: 3, message: /^ConfigMap "app-config" key "REDIS_URL" holds a URL with a password; (?!.*fixture-pw)/ },
        { line: 6, column: 3, message: /^ConfigMap "app-config" key "settings.py" holds a URL with a password; (?!.*fixture-pw)/ },
      ],
    },
    {
      name: "a secret-looking key, a URL with a password, an embedded config and a private key",
      yaml: cm(`  API_KEY: fixture-cm-1
  DATABASE_URL: "mysql://app:fixture-cm-2@db:3306/app"
  config.yaml: |
    server:
      port: 8080
    auth:
      client_secret: "fixture-cm-3"
  tls.key: |
    -----BEGIN PRIVATE KEY-----
    MIIB
    -----END PRIVATE KEY-----
`),
      findings: [
        { line: 5, column: 3, endColumn: 10, message: 'ConfigMap "app-config" key "API_KEY" holds a secret-looking value; ConfigMaps are stored and shown unencrypted — move it to a Secret fetched by an ExternalSecret.' },
        { line: 6, column: 3, message: /key "DATABASE_URL" holds a URL with a password/ },
        { line: 7, column: 3, message: /key "config.yaml" holds a secret-looking setting on line 4 of the embedded file/ },
        { line: 12, column: 3, message: /key "tls.key" holds a private key/ },
      ],
    },
  ],
});
