// secrets/auth-disabled-env: env switches that turn a database's or service's authentication off (guide §2C).
import { defineRule } from "../../api.js";
import { asArray, asObject } from "../../model/object.js";
import { containersOf, podTemplateOf, POD_KINDS } from "../../model/podspec.js";

/** What each switch does when set to a value that enables it, as the images' own documentation describes it. */
interface AuthSwitch { on: (value: string) => boolean; what: string; instead: string }
const YES = (v: string) => v.trim() !== "" && !/^(no|false|0|off)$/i.test(v.trim());
const SWITCHES: Record<string, AuthSwitch> = {
  // The official mysql/mariadb images: any non-empty value enables it.
  MYSQL_ALLOW_EMPTY_PASSWORD: { on: YES, what: "the MySQL root account accepts connections without a password", instead: "set MYSQL_ROOT_PASSWORD from a Secret" },
  MARIADB_ALLOW_EMPTY_ROOT_PASSWORD: { on: YES, what: "the MariaDB root account accepts connections without a password", instead: "set MARIADB_ROOT_PASSWORD from a Secret" },
  MARIADB_ALLOW_EMPTY_PASSWORD: { on: YES, what: "the MariaDB root account accepts connections without a password", instead: "set MARIADB_ROOT_PASSWORD from a Secret" },
  // The official postgres image writes `host all all all trust` into pg_hba.conf.
  POSTGRES_HOST_AUTH_METHOD: { on: (v) => v.trim().toLowerCase() === "trust", what: "PostgreSQL accepts every connection without a password (pg_hba `trust`)", instead: "use scram-sha-256 with POSTGRES_PASSWORD from a Secret" },
  // Bitnami images (Redis, MySQL, PostgreSQL, MongoDB, Valkey …) and their ZooKeeper.
  ALLOW_EMPTY_PASSWORD: { on: (v) => /^(yes|true|1)$/i.test(v.trim()), what: "the server accepts clients without a password", instead: "set the image's password variable from a Secret" },
  ALLOW_ANONYMOUS_LOGIN: { on: (v) => /^(yes|true|1)$/i.test(v.trim()), what: "ZooKeeper accepts anonymous clients", instead: "configure client authentication" },
  // Elasticsearch reads settings from env: security off means no authentication and no TLS.
  "xpack.security.enabled": { on: (v) => v.trim().toLowerCase() === "false", what: "Elasticsearch runs without authentication", instead: "keep security enabled and pass credentials from a Secret" },
  // Grafana: anonymous users with an editing role.
  GF_AUTH_ANONYMOUS_ORG_ROLE: { on: (v) => /^(admin|editor)$/i.test(v.trim()), what: "anonymous visitors get an editing role in Grafana (when anonymous access is enabled)", instead: "use the Viewer role or disable anonymous access" },
  GF_AUTH_DISABLE_LOGIN_FORM: { on: (v) => /^true$/i.test(v.trim()), what: "Grafana's login form is off (anonymous or proxy access only)", instead: "keep the login form or put an authenticating proxy in front" },
};

export default defineRule({
  meta: {
    id: "secrets/auth-disabled-env",
    title: "Environment switches must not turn authentication off",
    defaultSeverity: "warning",
    kinds: POD_KINDS,
    crossObject: false,
    fix: "none",
    guide: "§2C Secrets Management",
  },
  check(ctx) {
    const o = ctx.object;
    const t = podTemplateOf(o);
    if (!t) return;
    for (const c of containersOf(t, ["initContainers", "containers"])) {
      const env = asArray(c.value.env).map(asObject);
      const anonymousOn = env.some((e) => e?.name === "GF_AUTH_ANONYMOUS_ENABLED" && /^true$/i.test(String(e.value ?? "")));
      env.forEach((e, i) => {
        if (!e || typeof e.name !== "string" || e.value === undefined || e.value === null) return;
        const s = SWITCHES[e.name];
        if (!s || !s.on(String(e.value))) return;
        if (e.name === "GF_AUTH_ANONYMOUS_ORG_ROLE" && !anonymousOn) return;
        ctx.report({
          message: `Container "${c.name}" sets ${e.name}=${String(e.value).trim()}: ${s.what}; anyone who reaches the pod gets in — ${s.instead}.`,
          path: [...c.path, "env", i, "value"],
          key: `${c.kind}.${c.name}.${e.name}`,
        });
      });
    }
  },
});
