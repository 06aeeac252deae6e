// Tests for secrets/literal-secret-env.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pod = (env: string) => `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      image: api:1
      env:
${env}`;

testRule(rule, {
  valid: [
    // The author's own comment says the password is not used (seen on a real repository: a database reached only inside
    // the cluster network, with password authentication off).
    { name: "a password whose comment says it is not used", yaml: pod("        - name: POSTGRES_PASSWORD # reachable on the cluster network only, so password auth is not used.\n          value: password\n") },
    { name: "a comment after the value says so", yaml: pod("        - name: REDIS_PASSWORD\n          value: redis # not used: protected mode is off inside the pod network\n") },
    { name: "a full-line comment above it says so", yaml: pod("        # unused: the exporter authenticates with its service account\n        - {name: ADMIN_PASSWORD, value: admin}\n") },
    { name: "from a Secret", yaml: pod("        - name: DB_PASSWORD\n          valueFrom: {secretKeyRef: {name: db, key: password}}\n") },
    { name: "names that describe where a secret is", yaml: pod("        - {name: TOKEN_FILE, value: /var/run/secrets/token}\n        - {name: SECRET_NAME, value: db-credentials}\n        - {name: TOKEN_TTL, value: \"3600\"}\n") },
    { name: "switches about passwords", yaml: pod("        - {name: MYSQL_ALLOW_EMPTY_PASSWORD, value: \"1\"}\n        - {name: MYSQL_RANDOM_ROOT_PASSWORD, value: \"yes\"}\n") },
    { name: "references and placeholders", yaml: pod("        - {name: PASSWORD, value: $(DB_PASSWORD)}\n        - {name: API_KEY, value: \"<your-api-key>\"}\n        - {name: TOKEN, value: INSERT_TOKEN_HERE}\n        - {name: SECRET, value: \"\"}\n") },
    { name: "masked and filler placeholders", yaml: pod("        - {name: CLOUD_PASSWORD, value: xxxxxxxxxxxxxxxxx}\n        - {name: API_TOKEN, value: \"********\"}\n        - {name: DB_PASSWORD, value: changeme}\n        - {name: SECRET_KEY, value: \"[YOUR_SECRET_KEY]\"}\n") },
    { name: "ordinary settings", yaml: pod("        - {name: LOG_LEVEL, value: debug}\n        - {name: DATABASE_URL, value: \"postgres://orders@db:5432/orders\"}\n") },
  ],
  invalid: [
    {
      name: "a comment that says nothing about use keeps the finding; one about another entry does not count",
      yaml: pod("        - name: POSTGRES_PASSWORD # the database password\n          value: hunter2\n        - {name: MODE, value: fast} # unused\n"),
      findings: [{ line: 10, message: /sets env POSTGRES_PASSWORD to a literal secret value/ }],
    },
    {
      name: "a connection URL with a password under any name (Redis's empty user too); the value is never echoed",
      yaml: pod("        - {name: CACHE, value: \"redis://:fixture-pw-1@cache:6379\"}\n        - {name: DB, value: \"postgres://orders:fixture-pw-2@db:5432/orders\"}\n"),
      findings: [
        { line: 9, message: /^Container "api" sets env CACHE to a literal that contains a URL with a password, (?!.*fixture-pw)/ },
        { line: 10, message: /^Container "api" sets env DB to a literal that contains a URL with a password, (?!.*fixture-pw)/ },
      ],
    },
    {
      name: "password literal: the unsafe fix swaps it for a secretKeyRef placeholder and the value leaves the file",
      yaml: pod("        - name: DB_PASSWORD # from the wiki\n          value: fixture-literal-1\n"),
      findings: [{ line: 10, column: 18, message: 'Container "api" sets env DB_PASSWORD to a literal secret value, readable by anyone who can read the manifest or the workload; take it from a Secret (valueFrom.secretKeyRef).' }],
      output: pod("        - name: DB_PASSWORD # from the wiki\n          valueFrom: {secretKeyRef: {name: \"<REPLACE_ME_SECRET>\", key: db-password}}\n"),
    },
    {
      name: "flow-style items, a URL with a password and a private key under innocent names",
      yaml: pod("        - {name: apiKey, value: fixture-literal-2}\n        - {name: DATABASE_URL, value: \"postgres://orders:fixture-literal-3@db/orders\"}\n        - {name: TLS, value: \"-----BEGIN EC PRIVATE KEY-----\\nMHc\\n-----END EC PRIVATE KEY-----\"}\n"),
      findings: [
        { line: 9, column: 33, message: /env apiKey to a literal secret value/ },
        { line: 10, column: 39, message: /env DATABASE_URL to a literal that contains a URL with a password/ },
        { line: 11, column: 30, message: /env TLS to a literal that contains a private key/ },
      ],
      output: pod("        - {name: apiKey, valueFrom: {secretKeyRef: {name: \"<REPLACE_ME_SECRET>\", key: apikey}}}\n        - {name: DATABASE_URL, valueFrom: {secretKeyRef: {name: \"<REPLACE_ME_SECRET>\", key: database-url}}}\n        - {name: TLS, valueFrom: {secretKeyRef: {name: \"<REPLACE_ME_SECRET>\", key: tls}}}\n"),
    },
    {
      name: "init containers of a Deployment",
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {a: b}}
  template:
    metadata: {labels: {a: b}}
    spec:
      initContainers:
        - name: seed
          image: seed:1
          env: [{name: GITHUB_TOKEN, value: fixture-literal-4}]
      containers:
        - {name: app, image: app:1}
`,
      findings: [{ line: 12, column: 45, message: /Container "seed" sets env GITHUB_TOKEN/ }],
    },
  ],
});
