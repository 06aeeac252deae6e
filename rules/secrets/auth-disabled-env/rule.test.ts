// Tests for secrets/auth-disabled-env.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

const pod = (env: string) => `apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers:
    - name: db
      image: db:1
      env:
${env}`;

testRule(rule, {
  valid: [
    { name: "switches off or set to a safe method", yaml: pod("        - {name: MYSQL_ALLOW_EMPTY_PASSWORD, value: \"no\"}\n        - {name: POSTGRES_HOST_AUTH_METHOD, value: md5}\n        - {name: ALLOW_EMPTY_PASSWORD, value: \"no\"}\n") },
    { name: "MYSQL_RANDOM_ROOT_PASSWORD keeps authentication", yaml: pod("        - {name: MYSQL_RANDOM_ROOT_PASSWORD, value: \"yes\"}\n") },
    { name: "a Grafana role without anonymous access", yaml: pod("        - {name: GF_AUTH_ANONYMOUS_ORG_ROLE, value: Admin}\n") },
    { name: "a switch from a ConfigMap is not judged", yaml: pod("        - name: MYSQL_ALLOW_EMPTY_PASSWORD\n          valueFrom: {configMapKeyRef: {name: db, key: allow}}\n") },
  ],
  invalid: [
    {
      name: "MySQL empty root password, PostgreSQL trust, Bitnami ALLOW_EMPTY_PASSWORD",
      yaml: pod("        - {name: MYSQL_ALLOW_EMPTY_PASSWORD, value: \"yes\"}\n        - {name: POSTGRES_HOST_AUTH_METHOD, value: trust}\n        - {name: ALLOW_EMPTY_PASSWORD, value: \"yes\"}\n"),
      findings: [
        { line: 9, message: 'Container "db" sets MYSQL_ALLOW_EMPTY_PASSWORD=yes: the MySQL root account accepts connections without a password; anyone who reaches the pod gets in — set MYSQL_ROOT_PASSWORD from a Secret.' },
        { line: 10, message: /POSTGRES_HOST_AUTH_METHOD=trust: PostgreSQL accepts every connection without a password/ },
        { line: 11, message: /ALLOW_EMPTY_PASSWORD=yes/ },
      ],
    },
    {
      name: "Grafana anonymous admin; Elasticsearch security off",
      yaml: pod("        - {name: GF_AUTH_ANONYMOUS_ENABLED, value: \"true\"}\n        - {name: GF_AUTH_ANONYMOUS_ORG_ROLE, value: Admin}\n        - {name: xpack.security.enabled, value: \"false\"}\n"),
      findings: [{ line: 10, message: /anonymous visitors get an editing role/ }, { line: 11, message: /Elasticsearch runs without authentication/ }],
    },
  ],
});
