// Tests for secrets/secret-in-repository.
import { testRule } from "../../testing.js";
import rule from "./rule.js";

testRule(rule, {
  valid: [
    { name: "no data", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\n" },
    { name: "only empty values", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: \"\", b: null}\n" },
    // A template for envsubst or a reader to fill in commits no secret.
    { name: "stringData placeholders only", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: \"${DB_PASSWORD}\", token: \"<your-token>\", key: REPLACE_ME}\n" },
    { name: "SOPS block", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: QUJD}\nsops: {version: 3.9.0}\n" },
    { name: "SOPS values without the block", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: \"ENC[AES256_GCM,data:eA==,type:str]\"}\n" },
    { name: "a SealedSecret is encrypted", yaml: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\nspec: {encryptedData: {a: AgBy}}\n" },
    { name: "a live object from a cluster", yaml: "apiVersion: v1\nkind: Secret\nmetadata: {name: s, uid: 6f1c, resourceVersion: \"12\"}\ndata: {a: QUJD}\n" },
  ],
  invalid: [
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
