// Short "why it matters" and "fix" texts per rule for hovers; generated from the rules' docs.md by scripts/gen-docs.ts.
export const RULE_DOCS: Record<string, { why?: string; fix?: string }> = {
  "observability/prometheus-replicas": {
    "why": "The guide (§1A) deploys Prometheus in pairs. A single replica misses every scrape and every alert evaluation while it restarts, is rescheduled or replays its WAL; with two replicas and a Thanos Querier deduplicating them, the pair survives the loss of either pod.",
    "fix": "\"Set replicas: 2\". Safe on a `Prometheus` resource (the operator labels each replica with `prometheus_replica`); unsafe on a plain workload, which also needs an external label that differs per pod (see `observability/replica-label-missing`)."
  },
  "observability/query-no-stores": {
    "why": "Query has no data of its own: it fans out to sidecars (recent data), the Store Gateway (history in object storage), Receive and Ruler. Without an endpoint every dashboard is empty (guide §1A, \"Global View\").",
    "fix": "Unsafe: appends `--endpoint=dnssrv+_grpc._tcp.<REPLACE_ME_SIDECAR_SERVICE>.<namespace>.svc`; replace the placeholder with the headless Service of your sidecars (and add one for the Store Gateway)."
  },
  "observability/query-replica-label": {
    "why": "The Querier deduplicates an HA pair only on the label that tells the replicas apart (guide §1A). If it does not know that label, every series shows up twice, graphs double, and `sum()`s are wrong.",
    "fix": "Appends `--query.replica-label=<label>` for each missing label. Safe when the labels come from the objects in scope; when nothing in scope says which label is used, the fix proposes prometheus-operator's default `prometheus_replica` and is unsafe."
  },
  "observability/thanos-sidecar-missing": {
    "why": "In the guide's architecture (§1A) each Prometheus replica has a Thanos sidecar: the Querier reads both replicas through their sidecars and deduplicates them, and the sidecars upload finished blocks to object storage so local disk stays small and history survives the pod. Without a sidecar an HA pair is two unrelated servers whose dashboards flap between them, and the data is lost with the volume.",
    "fix": "Unsafe, with placeholders to fill in:"
  },
  "operations/image-not-pinned": {
    "why": "GitOps upgrades an application by changing the image tag in Git (guide §4A). An image without a tag, or with `latest`, changes whenever someone pushes, so two nodes can run different code, a rollback rolls back nothing and the Git history does not say what runs.",
    "fix": "Pin a released version (`nginx:1.27.2`) or a digest (`nginx@sha256:…`). kubeready cannot know which version you mean, so it offers no automatic fix."
  },
  "operations/missing-probes": {
    "why": "Without a readiness probe a pod receives traffic as soon as its process starts, so every rollout and restart serves errors, and a rolling update cannot tell a broken version from a working one. Without a liveness probe a deadlocked process keeps its pod \"Running\" forever.",
    "fix": "When the container declares a TCP port, an unsafe fix adds `tcpSocket` probes on its first port. A TCP check only proves the port is open; replace it with an HTTP or gRPC health check of the application when it has one."
  },
  "pss/allow-privilege-escalation": {
    "why": "Without it, a setuid binary in the image can make the process gain more privileges than its parent (`no_new_privs` is not set).",
    "fix": "Set `allowPrivilegeEscalation: false` in the container's securityContext (a container-level field; the quick fix adds it per container)."
  },
  "pss/app-armor-profile": {
    "why": "AppArmor confines what a container may do even as root; `Unconfined` removes that layer.",
    "fix": "Remove the `Unconfined` profile, or use `RuntimeDefault`."
  },
  "pss/capabilities-baseline": {
    "why": "Capabilities such as NET_ADMIN, SYS_ADMIN or SYS_PTRACE let a container reconfigure the node's network, mount filesystems or read other processes' memory.",
    "fix": "Remove the extra capabilities from `add`. kubeready does not remove them automatically: the workload may need them, and that is a design decision."
  },
  "pss/capabilities-restricted": {
    "why": "The runtime's default capability set still includes CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and others an application rarely needs. The guide: \"Drop ALL capabilities, add back only what's needed\".",
    "fix": "Add `ALL` to `securityContext.capabilities.drop` (the quick fix). Remove added capabilities other than NET_BIND_SERVICE yourself."
  },
  "pss/host-namespaces": {
    "why": "A pod in the host's network namespace sees every interface of the node and can bind its ports; in the host PID namespace it can inspect and signal every process on the node; in the host IPC namespace it can read shared memory of other workloads. Any of them turns a compromised container into a compromised node.",
    "fix": "Remove the field (`false` is the default). The quick fix deletes the `hostNetwork: true` (or PID/IPC) line."
  },
  "pss/host-path-volumes": {
    "why": "A hostPath volume exposes the node's filesystem to the container: the container runtime socket, kubelet credentials, other pods' data.",
    "fix": "Use an `emptyDir`, a `persistentVolumeClaim`, a `configMap` or a CSI volume instead."
  },
  "pss/host-ports": {
    "why": "A host port binds the node's own interface: it bypasses Services and NetworkPolicies and limits scheduling to one such pod per node.",
    "fix": "Remove `hostPort` and expose the container through a Service (or an Ingress/Gateway)."
  },
  "pss/host-probes-and-host-lifecycle": {
    "why": "A probe or hook with `host` makes the kubelet connect to an arbitrary address from the node — a server-side request forgery path into the node's network.",
    "fix": "Remove `host`; probe the pod itself."
  },
  "pss/privileged": {
    "why": "A privileged container has all capabilities and access to every device of the node; it is root on the host in all but name.",
    "fix": "Remove `privileged: true`. If the workload needs one kernel capability, add only that capability (baseline) or redesign it (restricted)."
  },
  "pss/proc-mount": {
    "why": "`Unmasked` exposes kernel interfaces under /proc that are normally hidden from containers.",
    "fix": "Remove `procMount: Unmasked`."
  },
  "pss/proc-mount-restricted": {
    "why": "`Unmasked` exposes kernel interfaces under /proc; the restricted profile does not rely on user namespaces to contain that.",
    "fix": "Remove `procMount: Unmasked`."
  },
  "pss/restricted-volumes": {
    "why": "Other volume types (nfs, iscsi, cephfs, cloud disks mounted inline, hostPath) let the pod reach storage outside what the cluster administrator offers through PersistentVolumes.",
    "fix": "Mount the storage through a PersistentVolumeClaim (the PersistentVolume may still be NFS) or a CSI driver."
  },
  "pss/run-as-non-root": {
    "why": "With `runAsNonRoot: true` the kubelet refuses to start a container whose image would run as UID 0, so a root process never starts — the guide's \"No Root\" rule.",
    "fix": "Set `runAsNonRoot: true` once in the pod's securityContext (the quick fix does this; an explicit `false` on a container is flipped where it is). The image must then run as a non-zero UID (`USER` in the Dockerfile or `runAsUser`)."
  },
  "pss/run-as-user": {
    "why": "UID 0 is root; `runAsNonRoot` does not protect against an explicit `runAsUser: 0`.",
    "fix": "Set a non-zero UID that the image supports (kubeready cannot guess it), or remove `runAsUser` if the image has a non-root `USER`."
  },
  "pss/se-linux-options": {
    "why": "A custom SELinux type such as `spc_t` (super-privileged container) or a custom user/role lifts the isolation SELinux gives containers.",
    "fix": "Remove the custom `seLinuxOptions`."
  },
  "pss/seccomp-profile-baseline": {
    "why": "Seccomp filters the system calls a container may make; `Unconfined` re-opens the whole kernel attack surface.",
    "fix": "Use `RuntimeDefault` (or a `Localhost` profile)."
  },
  "pss/seccomp-profile-restricted": {
    "why": "Without a profile the container runs with every system call allowed (Unconfined is the kubelet default).",
    "fix": "Set `seccompProfile: {type: RuntimeDefault}` once in the pod's securityContext (the quick fix), or fix the container that sets a forbidden type."
  },
  "pss/sysctls": {
    "why": "Unsafe sysctls affect the whole node (every pod on it), not just the container that sets them.",
    "fix": "Remove the sysctl, or set it on the node through its own configuration."
  },
  "pss/windows-host-process": {
    "why": "A Windows HostProcess container runs directly on the node with host-level access.",
    "fix": "Remove `hostProcess: true`."
  },
  "secrets/configmap-credentials": {
    "why": "ConfigMaps are meant for non-confidential data: they are not encrypted at rest, `kubectl describe` prints them, and RBAC usually lets far more people read them than Secrets. And the ConfigMap is in Git (guide §2C).",
    "fix": "Move the value into your secret manager, fetch it with an `ExternalSecret`, and reference the resulting Secret (`envFrom.secretRef`, a `secret` volume). No automatic fix: the value must not be copied anywhere by a tool."
  },
  "secrets/literal-secret-env": {
    "why": "A literal in a manifest is a secret in Git (guide §2C) and is also shown by `kubectl describe` and stored unencrypted in the Deployment. The message names the variable, never its value.",
    "fix": "Unsafe: replaces `value:` with `valueFrom: {secretKeyRef: {name: <REPLACE_ME_SECRET>, key: <var-name>}}`. The value leaves the file: store it in your secret manager and fetch it with an ExternalSecret first."
  },
  "secrets/secret-in-repository": {
    "why": "Anything committed to Git stays in its history, in every clone and in every CI log that prints it. The guide (§2C) says never to commit secrets and to fetch them with the External Secrets Operator from Vault or a cloud secret manager instead. The message names the keys, never the values.",
    "fix": "\"Replace Secret … with an ExternalSecret — its values leave this file\" swaps the Secret for an `external-secrets.io/v1` `ExternalSecret` with the same name, namespace, labels, type and keys, pointing at `<REPLACE_ME_SECRET_STORE>` and `<REPLACE_ME_REMOTE_KEY>`. The values are not carried over: put them into your secret manager first, then fill in the placeholders. The fix is unsafe (it guesses the store) and never part of fix-all. Also rotate the values: they remain in Git history."
  }
};
