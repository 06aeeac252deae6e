// Recognises credentials by name and by shape, for the secrets rules. Never returns or formats the value itself.

/** Splits `ORDER_QUEUE_PASSWORD`, `apiKey`, `db.password` into lower-case words. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

const SECRET_WORDS = new Set(["password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "apikey", "credential", "credentials", "privatekey"]);
const SECRET_PAIRS: [string, string][] = [["api", "key"], ["private", "key"], ["access", "key"], ["secret", "key"], ["auth", "key"], ["signing", "key"], ["encryption", "key"], ["master", "key"], ["client", "secret"]];
/** Last words that make the name describe a secret (where it is, how long it lives) rather than hold one. */
const DESCRIBING = new Set([
  "file", "path", "dir", "name", "names", "ref", "url", "uri", "endpoint", "id", "ttl", "expiry", "expiration", "timeout", "seconds",
  "minutes", "hours", "ms", "duration", "interval", "length", "size", "count", "limit", "max", "min", "enabled", "disabled", "enable",
  "disable", "required", "mode", "type", "algorithm", "provider", "source", "issuer", "audience", "header", "prefix", "format",
  "version", "location", "mount", "key", "keys", "field", "policy", "rotation", "store", "namespace", "kind",
  // Where the value comes from (`secretEnv: [DB_PASSWORD]` of Cloud Build, `passwordFrom`, `tokenRef`): a reference.
  "env", "envs", "var", "vars", "variable", "from", "refs", "selector",
  // Settings about a secret (`password_rotation_user_retention`, `secret_name_template`).
  "retention", "template", "days", "age", "user", "username", "length", "strength", "complexity", "hash", "hashing",
  // How long a token lives (`access_token_validity: hours=1`, `refresh_token_lifetime`).
  "validity", "lifetime",
]);

/** Words that make the name a switch about a secret (MYSQL_ALLOW_EMPTY_PASSWORD, MYSQL_RANDOM_ROOT_PASSWORD), not a secret. */
const SWITCHES = new Set(["allow", "empty", "random", "generate", "skip", "use", "enable", "disable", "require", "insecure", "existing"]);

/** Words before a final "secret" that make the name point at a Secret object (`envFromSecret`, `mountSecret`, `refSecret`). */
const SECRET_REFERENCE = new Set(["from", "env", "envs", "mount", "mounts", "ref", "volume", "tls", "pull"]);

/** Whether an env var / key name says it holds a secret (PASSWORD, DB_PASS, apiKey, GITHUB_TOKEN; not TOKEN_FILE or SECRET_NAME). */
export function isSecretName(name: string): boolean {
  const w = words(name);
  if (w.length === 0) return false;
  const hit = w.some((x) => SECRET_WORDS.has(x)) || SECRET_PAIRS.some(([a, b]) => w.some((x, i) => x === a && w[i + 1] === b));
  if (!hit || w.some((x) => SWITCHES.has(x))) return false;
  const last = w[w.length - 1];
  // `envFromSecret: grafana-env`, `secretRefSecret`, `mountSecret`: the name of a Secret to read from, not a secret.
  if ((last === "secret" || last === "secrets") && w.slice(0, -1).some((x) => SECRET_REFERENCE.has(x))) return false;
  // `SECRET_KEY`, `API_KEY`: the pair is the whole tail, so "key" names the secret itself.
  const pairTail = SECRET_PAIRS.some(([a, b]) => w[w.length - 2] === a && w[w.length - 1] === b);
  if (pairTail) return true;
  if (w.length === 1) return SECRET_WORDS.has(last);
  return !DESCRIBING.has(last);
}

/** Values that are clearly not a credential: empty, booleans, references to other variables, visible placeholders. */
export function isInertValue(value: string): boolean {
  const v = value.trim();
  if (v === "") return true;
  if (/^(true|false|yes|no|on|off|null|none|~)$/i.test(v)) return true;
  if (/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(v) || /^\$\{[^}]+\}$/.test(v)) return true;
  if (/^<[^<>]*>$/.test(v) || /^\{\{.*\}\}$/.test(v)) return true;
  // Placeholders that documentation asks the reader to replace; a 0/1 switch.
  if (/^(insert|replace|your|put)[_-]/i.test(v) || /replace[_-]?me/i.test(v) || /^[01]$/.test(v)) return true;
  // Masked or filler placeholders: `xxxxxxxx`, `********`, `...`, `changeme`, `[YOUR_KEY]`.
  if (/^(x{3,}|\*{3,}|\.{3,}|-{3,}|changeme|change[-_]me|todo|tbd|fixme|dummy|redacted)$/i.test(v) || /^\[[^\]]*\]$/.test(v)) return true;
  // A path to a mounted file names where the secret is, not the secret.
  if (/^\/[\w./-]*$/.test(v)) return true;
  return false;
}

/**
 * A value an application resolves from elsewhere at start-up, written in its own config syntax: a YAML local tag
 * (Home Assistant `!secret ha_token`, authentik `!Env CLIENT_SECRET`, `!Find [...]`) or a `{UPPER_CASE}` environment
 * substitution (Frigate `'{FRIGATE_MQTT_PASSWORD}'`). It names where the secret is, as `${VAR}` does.
 */
export function isReferenceValue(value: string): boolean {
  const v = value.trim();
  return /^![A-Za-z][\w.-]*(\s|$)/.test(v) || /^\{[A-Z][A-Z0-9_]*\}$/.test(v);
}

const PRIVATE_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** scheme://user:password@host or scheme://:password@host (Redis), where the password is not a $(VAR) reference. */
// Bounded repetitions: unbounded ones made this quadratic on long values (a 40k-character value took seconds).
const URL_PASSWORD = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s/:@]{0,256}:([^\s/@]{1,256})@/i;

/** What kind of credential a value carries by its shape alone, if any ("a private key", "a URL with a password"). */
export function credentialShape(value: string): string | undefined {
  if (PRIVATE_KEY.test(value)) return "a private key";
  const m = value.includes("://") ? URL_PASSWORD.exec(value) : null;
  if (m && !isInertValue(m[1])) return "a URL with a password";
  return undefined;
}

/**
 * Lines of an embedded config file (`password: x`, `api_key = "x"`) that assign a literal to a secret-looking key.
 * Returns 1-based line numbers within the value, never the values.
 */
export function embeddedCredentialLines(text: string): number[] {
  const out: number[] = [];
  text.split("\n").forEach((line, i) => {
    const m = /^\s*["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*?)\s*$/.exec(line);
    // `passwd:` is also the nsswitch.conf database, which holds no secret.
    if (!m || m[1] === "passwd" || !isSecretName(m[1])) return;
    const written = m[2].replace(/\s+#.*$/, "").replace(/,$/, "");
    const quoted = /^(["']).*\1$/.test(written);
    const raw = quoted ? written.slice(1, -1) : written;
    if (raw === "" || raw === "|" || raw === ">" || raw === "{}" || raw === "[]" || isInertValue(raw)) return;
    // Unquoted code (`token=os.environ["X"]`, `password: self.password`) reads a secret from elsewhere.
    if (!quoted && (/[()[\]{}$]/.test(raw) || /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$/.test(raw))) return;
    if (isReferenceValue(raw)) return;
    out.push(i + 1);
  });
  return out;
}
