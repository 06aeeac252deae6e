// Tests for secrets/secret-in-repository.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

testRule(rule, {
  valid: [
    { name: "no data", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\n" },
    { name: "only empty values", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: \"\", b: null}\n" },
    // A template for envsubst or a reader to fill in commits no secret.
    { name: "stringData placeholders only", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: \"${DB_PASSWORD}\", token: \"<your-token>\", key: REPLACE_ME}\n" },
    {
      name: "documentation placeholders, raw or base64-encoded, are not secrets",
      yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: cloud}\ndata:\n  access-key-id: \"[YOUR_BASE64_AK_ID]\"\n  secret-key: <base64-encoded-secret-key>\n  token: KiphY2Nlc3MgdG9rZW4gZ29lcyBoZXJlKio=\n  sa.json: R0NQX1NFUlZJQ0VfQUNDT1VOVF9KU09OX0hFUkU=\n  api: e3tTZWNyZXQgS2V5fX0=\n  password: Q0hBTkdFTUU=\n",
    },
    {
      name: "settings in a Secret whose credential keys are all empty (a chart's rendered defaults)",
      yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: sidekick}\ndata:\n  SLACK_WEBHOOKURL: \"\"\n  SLACK_TOKEN: \"\"\n  SLACK_MINIMUMPRIORITY: ZGVidWc=\n  LISTENPORT: MjgwMQ==\n  DEBUG: ZmFsc2U=\n  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n",
    },
    { name: "SOPS block", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: QUJD}\nsops: {version: 3.9.0}\n" },
    { name: "SOPS values without the block", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: \"ENC[AES256_GCM,data:eA==,type:str]\"}\n" },
    { name: "a SealedSecret is encrypted", yaml: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\nspec: {encryptedData: {a: AgBy}}\n" },
    { name: "a live object from a cluster", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s, uid: 6f1c, resourceVersion: \"12\"}\ndata: {a: QUJD}\n" },
  ],
  invalid: [
    {
      name: "a token inside an embedded JSON block (a braces-only value is not a placeholder)",
      yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: cloud-config}\nstringData:\n  cloud-config: |-\n    {\n      \"cluster_id\": \"6b8b7c8e\",\n      \"token\": \"fixture-token-9f8e7d6c\"\n    }\n",
      findings: [{ line: 4, message: /^Secret "cloud-config" stores 1 value \(cloud-config\)/ }],
    },
    {
      name: "a run-together credential key with a weak value",
      yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: mysql}\ndata:\n  rootpasswd: cGFzc3dvcmQ=\n",
      findings: [{ line: 4, message: /^Secret "mysql" stores 1 value \(rootpasswd\)/ }],
    },
    {
      name: "a token-like value under any name, and a credential key; the message names only those keys",
      yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: storage}\ndata:\n  accountname: c2hvcHN0b3JhZ2U=\n  azurestorageaccount: Wms5dlltRnlNVEl6TkRVMk56ZzVNSEYzWlhKMGVR\n  password: Zml4dHVyZS1wdy0z\n",
      findings: [{ line: 4, message: /^Secret "storage" stores 2 values \(azurestorageaccount, password\) in the repository/ }],
    },
    {
      // The values go; the notes the author wrote inside the document stay (at the top of the replacement).
      name: "comments inside the Secret are kept, verbatim",
      yaml: `apiVersion: v1
kind: Secret
metadata:
  name: heketi
# rotated by the storage team
data:
  # base64 of the admin key
  key: Zml4dHVyZQ==
`,
      findings: [{ line: 6, column: 1, endColumn: 5 }],
      output: `# rotated by the storage team
  # base64 of the admin key
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: heketi
spec:
  refreshInterval: "1h"
  secretStoreRef:
    kind: ClusterSecretStore
    name: "<REPLACE_ME_SECRET_STORE>"
  target:
    name: heketi
    creationPolicy: Owner
  data:
    - secretKey: key
      remoteRef:
        key: "<REPLACE_ME_REMOTE_KEY>"
        property: key
`,
    },
    {
      name: "stringData, replaced by an ExternalSecret that keeps keys, labels and type; the comment before stays",
      yaml: `# orders database
apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: shop
  labels:
    app: orders
type: kubernetes.io/basic-auth
stringData:
  username: orders
  password: fixture-value-do-not-echo
`,
      findings: [{ line: 10, column: 1, endColumn: 11, message: 'Secret "orders-db" stores 2 values (password, username) in the repository, readable by anyone who can read Git; fetch them with an ExternalSecret or encrypt the file (SOPS, SealedSecrets).' }],
      output: `# orders database
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: orders-db
  namespace: shop
  labels:
    app: orders
spec:
  refreshInterval: "1h"
  secretStoreRef:
    kind: ClusterSecretStore
    name: "<REPLACE_ME_SECRET_STORE>"
  target:
    name: orders-db
    creationPolicy: Owner
    template:
      type: kubernetes.io/basic-auth
  data:
    - secretKey: password
      remoteRef:
        key: "<REPLACE_ME_REMOTE_KEY>"
        property: password
    - secretKey: username
      remoteRef:
        key: "<REPLACE_ME_REMOTE_KEY>"
        property: username
`,
    },
    {
      name: "data in the middle of a multi-document file; other documents untouched",
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: b}
---
apiVersion: v1
kind: Secret
metadata: {name: token}
data:
  token: Zml4dHVyZS10b2tlbg==
---
apiVersion: v1
kind: Service
metadata: {name: s}
`,
      findings: [{ line: 9, column: 1, message: /Secret "token" stores 1 value \(token\)/ }],
      output: `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {a: b}
---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: token
spec:
  refreshInterval: "1h"
  secretStoreRef:
    kind: ClusterSecretStore
    name: "<REPLACE_ME_SECRET_STORE>"
  target:
    name: token
    creationPolicy: Owner
  data:
    - secretKey: token
      remoteRef:
        key: "<REPLACE_ME_REMOTE_KEY>"
        property: token
---
apiVersion: v1
kind: Service
metadata: {name: s}
`,
    },
  ],
});
