// Short "why it matters" and "fix" texts per rule for hovers; generated from the rules' docs.md by scripts/gen-docs.ts.
export const RULE_DOCS: Record<string, { why?: string; fix?: string }> = {
  "autoscaling/cluster-autoscaler-scale-down": {
    "why": "An autoscaler that never scales down keeps every node it ever added. One that removes nodes a minute after they become unneeded, or a minute after adding them, makes the cluster flap with the load: pods are evicted and rescheduled on every dip, and every return of the load waits for new nodes.",
    "fix": "Remove the flag or set it to the default (unsafe fix: `--flag=10m`; it changes how the cluster scales)."
  },
  "autoscaling/hpa-metric-without-request": {
    "why": "Utilization is usage divided by request. Without a request the HPA controller fails with `missing request for cpu` and never scales.",
    "fix": "Unsafe: adds the missing request with a `<REPLACE_ME>` placeholder."
  },
  "autoscaling/hpa-min-replicas-one": {
    "why": "At low load the autoscaler scales down to its floor. With a floor of one pod, every node drain, crash, eviction or rollout leaves the service without a ready pod until a new one starts, and a PodDisruptionBudget cannot protect a single pod without blocking drains.",
    "fix": "Sets `minReplicas: 2` (`minReplicaCount` for KEDA). Not safe (offered, never in fix-all): it doubles the workload's minimum cost."
  },
  "autoscaling/hpa-min-replicas-with-pdb": {
    "why": "A budget says \"this workload must stay available during drains\". At one pod that is impossible: with `maxUnavailable: 1` the drain evicts the only pod and the service is down until it is rescheduled; with `minAvailable: 1` the drain blocks.",
    "fix": "Unsafe (it costs a second pod at all times): set `minReplicas: 2`."
  },
  "autoscaling/hpa-target-missing": {
    "why": "The HPA controller reports `FailedGetScale` in the HPA's events and never scales; the workload runs at its fixed size through every load peak.",
    "fix": "No automatic fix: correct the reference."
  },
  "autoscaling/multiple-autoscalers": {
    "why": "Each autoscaler computes its own desired replica count and writes it into the workload's scale subresource; with two, each undoes the other at every sync period and the pod count flaps. The guide's HPA/VPA hygiene (§3C) asks for one autoscaler per workload.",
    "fix": "Keep one autoscaler. With KEDA, move the HPA's metrics into the ScaledObject's triggers (KEDA supports cpu and memory triggers) or let KEDA adopt the HPA with `transfer-hpa-ownership`."
  },
  "autoscaling/pod-blocks-scale-down": {
    "why": "The guide's Cluster Autoscaler (§3C) adds nodes when pods are pending; it removes them only when every pod on the node can be moved. A pod it may not move — by annotation, by having no controller, or by local storage it would lose — keeps its node alive however empty it gets, so the cluster grows and never shrinks.",
    "fix": "Unsafe fix: lists the local volumes in `cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes`; accept it only when their data may be lost when the pod moves (scratch space, caches)."
  },
  "autoscaling/replicas-with-hpa": {
    "why": "The autoscaler writes `spec.replicas` through the scale subresource. Every `kubectl apply`, Helm upgrade or GitOps sync writes the manifest's number back: the workload jumps to it and the autoscaler has to scale again. Argo CD shows the application as permanently out of sync.",
    "fix": "Removes `spec.replicas`. The fix is **unsafe**: with client-side `kubectl apply`, removing a field that the last-applied annotation holds makes the API server default it — the workload drops to one pod until the autoscaler reacts. Run `kubectl apply edit-last-applied` (remove `replicas` there) first, or use server-side apply; Argo CD users can add `ignoreDifferences` for `/spec/replicas`."
  },
  "autoscaling/vpa-hpa-conflict": {
    "why": "The HPA adds pods when usage is high relative to requests; the VPA raises the requests when usage is high. Each change moves the other's input: replica counts and requests oscillate, and pods are restarted for nothing. The VPA documentation warns against exactly this combination.",
    "fix": "Unsafe: set the VPA's `updateMode: \"Off\"` (recommendations only). Alternatives: restrict the VPA's `controlledResources` to the resource the HPA does not use, or scale the HPA on a custom metric."
  },
  "availability/critical-priority-class": {
    "why": "When a cluster is full, the scheduler preempts lower-priority pods to place higher-priority ones, and the kubelet's node-pressure eviction considers priority too. A critical workload at the default priority (0) competes with every batch job for the last free node and may be the one that waits or is preempted. A `priorityClassName` that names no PriorityClass is worse: the Priority admission plugin rejects every pod, and the workload never starts.",
    "fix": "No automatic fix: create a PriorityClass for critical workloads (a value above the default, below the system classes) and name it in the pod template; correct typos in the class name."
  },
  "availability/missing-pdb": {
    "why": "A node drain (cluster upgrade, autoscaler scale-down) evicts pods through the eviction API. Without a budget, all replicas on the drained nodes may go down at once and the service is unavailable although it runs several copies.",
    "fix": "Offered one at a time (unsafe, never in fix-all: the budget is a choice about how many pods a drain may take): adds a `policy/v1` PodDisruptionBudget with `maxUnavailable: 1` and the workload's own selector as a new document in the same file. It writes `unhealthyPodEvictionPolicy: AlwaysAllow`, so a drain can still evict pods that are crash-looping or never ready (see `availability/pdb-unhealthy-pod-eviction`); for a StatefulSet it writes `IfHealthyBudget`, the default made explicit, because an unready member of a quorum may still hold state its peers wait for."
  },
  "availability/overlapping-pdbs": {
    "why": "The eviction API refuses to evict a pod covered by more than one budget (\"This pod has more than one PodDisruptionBudget, which the eviction subresource does not support\"). Drains and upgrades block on those pods exactly as if the budget allowed no disruption.",
    "fix": "No automatic fix: narrow one selector (for example with `matchExpressions: [{key: app, operator: NotIn, values: [api]}]`) or delete one budget."
  },
  "availability/pdb-blocks-eviction": {
    "why": "`kubectl drain`, cluster upgrades and the cluster autoscaler evict pods through the eviction API, which refuses while `disruptionsAllowed` is 0. The drain hangs, the upgrade stalls, and operators end up deleting the budget by hand in the middle of an incident.",
    "fix": "Unsafe: rewrite the field to `maxUnavailable: 1` (in place, keeping comments). Alternatively raise the replica count. For DaemonSet, Job or CronJob pods there is no fix to offer: write an integer `minAvailable` that fits the node count yourself."
  },
  "availability/pdb-min-available-exceeds-hpa": {
    "why": "When traffic is low the autoscaler scales in to `minReplicas`. From then on the budget allows no eviction: node drains, upgrades and the cluster autoscaler's scale-down block until traffic rises again.",
    "fix": "Unsafe: rewrite the field to `maxUnavailable: 1`, which allows one eviction at any size. Or raise `minReplicas` above `minAvailable`."
  },
  "availability/pdb-selects-nothing": {
    "why": "A budget that selects nothing gives a false sense of safety: the workload it was meant for can be drained all at once. Typos in labels are the usual cause.",
    "fix": "No automatic fix: correct the selector to the workload's pod labels."
  },
  "availability/pdb-unhealthy-pod-eviction": {
    "why": "With `IfHealthyBudget`, a pod that is `Running` but not ready can be evicted only while the budget is satisfied (`currentHealthy ≥ desiredHealthy`). When a bad rollout leaves pods crash-looping or never ready, the budget is not satisfied, the eviction API refuses those pods, and `kubectl drain`, node upgrades and the cluster autoscaler stall on pods that serve nothing anyway. `AlwaysAllow` lets a drain evict unready pods and keeps protecting the healthy ones; the Kubernetes documentation recommends it for most applications.",
    "fix": "Offered (unsafe, not in fix-all: it changes which pods a drain may evict): add `unhealthyPodEvictionPolicy: AlwaysAllow` to `spec`. Keep `IfHealthyBudget` written out where an unready pod still holds state others depend on."
  },
  "availability/replicas-without-spread": {
    "why": "Replicas only protect against a node or zone failure when they run on different nodes or zones. Without constraints the scheduler's built-in default spreading applies, but it is a soft preference (`ScheduleAnyway`, a skew of 3 per node and 5 per zone): a busy cluster or a rollout can put every replica on one node, and one drain or hardware failure takes the whole service down.",
    "fix": "Add a topology spread constraint on `kubernetes.io/hostname` (and `topology.kubernetes.io/zone` in a multi-zone cluster) selecting the workload's own pods, or a preferred pod anti-affinity on the same key. No automatic fix: whether to require or prefer the spread depends on the cluster's size."
  },
  "availability/single-replica": {
    "why": "The guide's first principle: no single points of failure. A single pod is down during every node drain, cluster upgrade, eviction, crash and rollout (with `maxSurge: 0` or a StatefulSet, the old pod stops before the new one is ready).",
    "fix": "No automatic fix: run at least 2 replicas and spread them (`availability/replicas-without-spread`); for a singleton that cannot run twice, remove it from `criticalWorkloads` or drop the budget, and say so."
  },
  "backup/schedule-ttl-too-short": {
    "why": "Velero deletes a backup when its TTL runs out. A daily schedule with `ttl: 12h` has no backup at all for half of every day: a disaster in that window has nothing to restore. The guide's restore drills assume there is always a recent backup.",
    "fix": "Unsafe (longer retention costs storage; running the schedule more often is the other way out): sets `ttl` to twice the longest interval, so that one backup is always kept even when a run fails."
  },
  "backup/stateful-namespace-not-backed-up": {
    "why": "A cluster can be rebuilt from Git, its data cannot. The guide's disaster-recovery plan rests on scheduled Velero backups of every namespace that holds state, kept long enough (`ttl`) to restore from, and on restore drills.",
    "fix": "Add the namespace to a Schedule's `includedNamespaces` (or add a Schedule for it — snippet `kr-velero-schedule`), with volume snapshots or file-system backup, and test restoring it. No automatic fix."
  },
  "gitops/application-sync-policy": {
    "why": "The guide (§4A) upgrades applications by changing Git and lets Argo CD handle the sync. With `prune` left false, objects deleted from Git live on in the cluster; with `selfHeal` left false, a hand edit in the cluster stays until the next commit. Either can be right, but it should be a decision written down. Argo CD does not re-attempt an automated sync that failed for the same commit, so without `retry` a transient failure (an admission webhook not yet ready, a CRD applied after its custom resources) leaves production out of sync until someone notices.",
    "fix": "Decide prune and selfHeal and add a retry policy (snippet `kr-argocd-application`; two unsafe fixes write `prune: true`, `selfHeal: true` and a retry of 5 with backoff)."
  },
  "gitops/application-tracks-head": {
    "why": "GitOps upgrades are safe because a release is a reviewed change in Git that can be reverted. An Application that follows a branch deploys every push to production the moment it lands, and \"roll back to the previous version\" has no version to name; a floating chart version upgrades a dependency without anyone asking.",
    "fix": "Pin a tag or a commit SHA (an exact chart version) and promote releases by changing it in Git (by hand, with a pull request, or with Argo CD Image Updater writing back to Git). No automatic fix: the release to pin is the user's."
  },
  "hardening/automount-service-account-token": {
    "why": "Every container of the pod can read the token from `/var/run/secrets/kubernetes.io/serviceaccount/token`. A pod that never calls the API gains nothing from it, and an attacker who gets into the container gains an API credential: at least discovery, and whatever the account is granted later.",
    "fix": "Sets `automountServiceAccountToken: false` in the pod spec. Not safe (offered, never in fix-all): a pod that calls the API through a grant outside the scope would lose its token. Pods that need one can mount a short-lived, audience-bound token through a `projected` volume instead."
  },
  "hardening/host-users": {
    "why": "With `hostUsers: false` the pod gets its own user namespace: UID 0 in the container maps to an unprivileged UID range on the node, so a container breakout as root lands as nobody. It is the one remedy for images that must run as root, and the Pod Security Standards' restricted profile relaxes its run-as-non-root checks for such pods.",
    "fix": "Add `hostUsers: false` to the pod spec, or run the containers as a non-root user (`runAsNonRoot: true`, `runAsUser`). No automatic fix: user namespaces need Kubernetes 1.33 or later (or the `UserNamespacesSupport` feature gate), a container runtime and kernel that support them, and volumes that support ID-mapped mounts."
  },
  "hardening/namespace-pss-enforce": {
    "why": "Pod Security Admission only rejects pods in namespaces that ask for it. Without the label a namespace enforces nothing, whatever the manifests in Git look like; the guide (§2B) asks to enforce Restricted or Baseline. The same label also tells kubeready which level to apply to that namespace's workloads (the `pss/*` rules).",
    "fix": "Add the labels (the quick fix writes the configured level, restricted by default, and pins nothing else):"
  },
  "hardening/read-only-root-filesystem": {
    "why": "The production-readiness guide (§2B) asks for a read-only root filesystem so that an attacker who gets code execution in a container cannot modify its binaries, libraries or configuration, drop tools, or persist anything across restarts. The Pod Security Standards do not cover it, which is why kubeready checks it on top.",
    "fix": "Set `readOnlyRootFilesystem: true` in the container's `securityContext` (the quick fix does, per container). Applications that write temporary files need a writable volume for those paths, for example an `emptyDir` mounted at `/tmp`."
  },
  "hardening/root-group": {
    "why": "The Pod Security Standards' restricted profile forbids the root *user* but says nothing of the root *group*. A process in group 0 can read and write whatever the image or a volume leaves to that group — on many images, most of the filesystem — and `fsGroup: 0` gives group 0 ownership of every volume the pod mounts.",
    "fix": "Use a non-zero group ID (the same as the user's is common). No automatic fix: the group the image's files expect is the user's choice."
  },
  "network/clustermesh-config": {
    "why": "The guide's multi-cluster architecture (§1B) connects clusters with Cilium for failover, over a WireGuard tunnel. Cilium tells clusters apart by name and by a numeric id encoded in identities and addresses: two clusters with the same id (or the default id 0) cannot join one mesh, and their endpoints overwrite each other. Without transparent encryption, traffic between clusters crosses the network in clear text. The clustermesh-apiserver is how the other clusters learn this cluster's services; with one replica, a restart or node drain stalls that and with it failover.",
    "fix": "Give every cluster its own name and id, turn WireGuard on and run two clustermesh-apiserver replicas, in each cluster's chart values."
  },
  "network/default-deny-blocks-dns": {
    "why": "Every service name lookup goes to kube-dns. With egress denied and no DNS allow, every pod of the namespace fails to resolve names — usually discovered right after the rollout. DNS falls back to TCP for large answers.",
    "fix": "Safe: adds an `allow-dns-egress` policy for all pods of the namespace to kube-dns in kube-system, UDP and TCP port 53. A core policy's allow adds to Cilium's allows and, after a Calico default-deny without rules, to Calico's. No fix is offered after a Calico default-deny made of explicit `Deny` rules: Calico evaluates core NetworkPolicies at order 1000, so an allow there is never reached when the deny comes first; add the allow to the Calico policy, before its Deny rule."
  },
  "network/global-service-failover": {
    "why": "The guide's mesh (§1B) fails traffic over between clusters. Cilium merges a global service's backends only across clusters whose Service is global; a copy without the annotation neither shares its pods nor sees the others', so that cluster has no failover. Without an affinity, Cilium balances every request across all clusters' pods — crossing clusters (latency, egress cost) even when local pods are healthy. `local` keeps traffic local and uses remote pods only when no local pod is ready.",
    "fix": "Mark every cluster's copy global and choose the affinity (fix: `service.cilium.io/affinity: local`, unsafe because it changes where traffic goes):"
  },
  "network/ingress-backend-missing": {
    "why": "An Ingress whose backend names a missing Service or port is accepted by the API server; the ingress controller then answers 503 (or 404) for that path. A renamed Service or a `port.number` copied from the container port instead of the Service port is a common cause of a broken route after a refactor.",
    "fix": "No automatic fix: name the Service as it is called, and use its `port` (or a port `name`)."
  },
  "network/missing-default-deny": {
    "why": "Kubernetes allows all traffic between pods by default. A pod is isolated only once a policy selects it; without a default-deny, any compromised pod can reach every other pod and any address outside the cluster.",
    "fix": "Two code actions: add a default-deny document to the same file, or create `networkpolicy-default-deny.yaml` beside it."
  },
  "network/peer-selects-nothing": {
    "why": "A peer that selects nothing allows nothing: the connection the rule was written for stays blocked under default-deny, typically discovered as a timeout in production.",
    "fix": "No automatic fix: correct the selector."
  },
  "network/policy-selects-nothing": {
    "why": "The policy's allow rules apply to nothing — under a default-deny the intended workload stays isolated, and without one the author believes traffic is restricted when it is not. Label typos are the usual cause.",
    "fix": "No automatic fix: correct the selector."
  },
  "network/service-selects-nothing": {
    "why": "A Service without endpoints accepts the DNS lookup and then refuses or drops every connection. A label typo or a renamed port shows up only at runtime, as an outage of whatever calls the Service.",
    "fix": "No automatic fix: correct the selector to the workload's pod labels, or the `targetPort` to a declared container port name (or number)."
  },
  "network/statefulset-service-missing": {
    "why": "Clustered software run as a StatefulSet (databases, ZooKeeper, Kafka, etcd) finds its peers by the pods' DNS names. With a missing, non-headless or non-selecting governing Service those names never resolve: the members cannot form a cluster, and the failure shows only at runtime, often as a crash loop far from the cause.",
    "fix": "No automatic fix: point `serviceName` at a headless Service (`clusterIP: None`) that selects the pods, or create one."
  },
  "network/workload-not-allowed": {
    "why": "After a default-deny, a workload nothing allows ingress to is fully isolated: its Service answers nothing and health checks from other pods fail. The guide asks for explicit allows along the call chain (Ingress → Frontend → Backend → DB).",
    "fix": "Unsafe: appends an allow-ingress policy skeleton selecting the workload's pods, with its container ports and a `<REPLACE_ME>` caller selector to fill in."
  },
  "observability/cert-expiry-alert-missing": {
    "why": "A probe only records when the served certificate expires; nobody is told until an alert fires. The guide (§4B) monitors certificate expiry with the Blackbox Exporter so that a failed renewal is found before users find it.",
    "fix": "Add an alert on the metric to a PrometheusRule, for example two weeks ahead (snippet `kr-cert-expiry-alert`). No automatic fix."
  },
  "observability/certificate-not-probed": {
    "why": "cert-manager renews certificates before they expire, but a renewal can fail silently (a changed DNS zone, a rate limit, an issuer whose credentials expired). The guide (§4B) asks for certificate expiry monitored by the Blackbox Exporter, which measures the certificate that is actually served (`probe_ssl_earliest_cert_expiry`), independent of cert-manager's own view.",
    "fix": "Add the host to a Probe's static targets (snippet `kr-blackbox-probe`) and alert on its expiry (`kr-cert-expiry-alert`). No automatic fix."
  },
  "observability/compactor-dedup-missing": {
    "why": "Both replicas of an HA pair upload their own blocks. Only a Compactor with `--deduplication.replica-label` merges them; otherwise the bucket holds every sample twice, queries over history read twice the data, and without any Compactor nothing is ever compacted, downsampled or deleted by retention.",
    "fix": "Appends `--deduplication.replica-label=<label>` for each missing label, and `--deduplication.func=penalty` when no merger is set: safe when the labels come from objects in scope, unsafe (operator default `prometheus_replica`) otherwise. Setting the penalty merger on a Compactor that already deduplicates is offered as an unsafe fix: vertical compaction rewrites the bucket irreversibly, so it is a change to review. A missing Compactor has no automatic fix."
  },
  "observability/monitor-selects-nothing": {
    "why": "A monitor that selects nothing is accepted by the API server and by the operator; Prometheus simply has no targets for it. Nothing alerts: the dashboards go empty and the alerts on that job never fire, which looks exactly like a healthy service until the day it is not.",
    "fix": "No automatic fix: select the Service by its own labels, and name a port the Service declares."
  },
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
  "observability/replica-label-missing": {
    "why": "The replicas of an HA pair scrape the same targets. Only a label that differs per replica lets the Querier (`--query.replica-label`) and the Compactor (`--deduplication.replica-label`) recognise the copies and merge them (guide §1A). Without it, the two series look identical and collide, or are counted twice.",
    "fix": "On a resource, the safe fix removes `replicaExternalLabelName: \"\"` so the operator adds `prometheus_replica` again. On a plain workload, add e.g. `replica: $(POD_NAME)` to `global.external_labels` (with `POD_NAME` from the downward API and the sidecar's `--reloader.config-envsubst-file`, or Prometheus' environment expansion); no automatic fix."
  },
  "observability/sidecar-local-compaction": {
    "why": "The sidecar uploads each 2h block as Prometheus writes it. If Prometheus also compacts locally, it merges blocks the sidecar already shipped into bigger ones; depending on timing the sidecar uploads overlapping blocks or misses data, and the Compactor halts on overlaps. Thanos requires local compaction off.",
    "fix": "Sets both flags to `2h`: adding missing flags is safe; rewriting a value you set is offered as unsafe."
  },
  "observability/store-gateway-missing": {
    "why": "Sidecars only serve the last hours of data; everything older lives in the bucket and is only readable through a Store Gateway that Query points at (guide §1A: \"Querier → Read History → S3\"). Without it, dashboards silently stop at the local retention.",
    "fix": "Deploy a Thanos Store Gateway with the same bucket configuration and add it to Query's `--endpoint`s. If it is deployed from another repository, turn the rule off or suppress it. No automatic fix."
  },
  "observability/thanos-objstore-missing": {
    "why": "The sidecar then only serves recent data over gRPC; it never uploads blocks. Long-term retention stays on the Prometheus volume, which keeps growing, and history is lost with the pod's disk. The guide (§1A) offloads retention to S3/MinIO.",
    "fix": "Unsafe, with a placeholder secret `<REPLACE_ME_OBJSTORE_SECRET>` (key `objstore.yml`, the Thanos bucket config): on a resource, adds `spec.thanos.objectStorageConfig`; on a plain sidecar, adds `--objstore.config-file=/etc/thanos/objstore.yml`, the volume mount and a `secret` volume."
  },
  "observability/thanos-sidecar-missing": {
    "why": "In the guide's architecture (§1A) each Prometheus replica has a Thanos sidecar: the Querier reads both replicas through their sidecars and deduplicates them, and the sidecars upload finished blocks to object storage so local disk stays small and history survives the pod. Without a sidecar an HA pair is two unrelated servers whose dashboards flap between them, and the data is lost with the volume.",
    "fix": "Unsafe, with placeholders to fill in:"
  },
  "observability/tls-host-not-probed": {
    "why": "cert-manager renews certificates, until it does not: a broken DNS-01 solver, a rate limit, a deleted Issuer. The Blackbox Exporter sees the certificate users see, and `probe_ssl_earliest_cert_expiry` gives days of warning before it expires, instead of an outage report.",
    "fix": "Add the host to a Probe's static targets (or label the Ingress for a Probe with an ingress selector) using the `http_2xx` or a TLS module, and alert when `probe_ssl_earliest_cert_expiry - time()` drops below, say, 14 days. No automatic fix: the prober's address is the user's."
  },
  "operations/certificate-renew-before": {
    "why": "The guide (§4B) uses cert-manager to rotate certificates before they expire and monitors expiry with the Blackbox Exporter. An explicit `renewBefore` documents when rotation happens, so expiry alerts can be set to fire only when rotation has failed. A `renewBefore` as long as the lifetime makes the certificate due for renewal the moment it is issued.",
    "fix": "Unsafe: sets `renewBefore` to a third of the duration — cert-manager's own default — replacing the value you wrote."
  },
  "operations/chaos-experiment-missing": {
    "why": "The guide (§4C) asks for disaster-recovery drills: a chaos tool that kills pods and nodes on purpose, so that replicas, PodDisruptionBudgets, probes and failover are known to work before a real failure tests them.",
    "fix": "Add an experiment that targets the workload's pods, for example a weekly pod kill (snippet `kr-chaos-pod-kill`). No automatic fix."
  },
  "operations/identical-probes": {
    "why": "Readiness answers \"should this pod get traffic now?\", liveness \"is this container beyond repair?\". When both are the same check, a container that is merely overloaded fails readiness *and* liveness together: the kubelet restarts it instead of only taking it out of the Service, the remaining pods get its load, fail in turn, and the restarts cascade.",
    "fix": "Make liveness cheaper and more tolerant than readiness: a dedicated endpoint that checks only the process itself, a higher `failureThreshold`, or no liveness probe at all if the process exits on fatal errors."
  },
  "operations/image-not-pinned": {
    "why": "GitOps upgrades an application by changing the image tag in Git (guide §4A). An image without a tag, or with `latest`, changes whenever someone pushes, so two nodes can run different code, a rollback rolls back nothing and the Git history does not say what runs.",
    "fix": "Pin a released version (`nginx:1.27.2`) or a digest (`nginx@sha256:…`). kubeready cannot know which version you mean, so it offers no automatic fix."
  },
  "operations/ingress-tls-unmanaged": {
    "why": "A TLS Secret that nothing renews expires on a fixed date, and the site goes down with it. The guide (§4B) has cert-manager rotate every certificate before it expires.",
    "fix": "Unsafe: adds `cert-manager.io/cluster-issuer: <REPLACE_ME_CLUSTER_ISSUER>` so cert-manager creates and renews a Certificate for each tls entry; replace the placeholder with your ClusterIssuer. Alternatively, add a `Certificate` whose `secretName` is the Ingress' Secret."
  },
  "operations/missing-probes": {
    "why": "Without a readiness probe a pod receives traffic as soon as its process starts, so every rollout and restart serves errors, and a rolling update cannot tell a broken version from a working one. Without a liveness probe a deadlocked process keeps its pod \"Running\" forever.",
    "fix": "When the container declares a TCP port, an unsafe fix adds `tcpSocket` probes on its first port. A TCP check only proves the port is open; replace it with an HTTP or gRPC health check of the application when it has one."
  },
  "operations/namespace-defined-twice": {
    "why": "The API server keeps one Namespace: the definition applied last overwrites the other's labels, so whether `restricted` is enforced depends on the order of `kubectl apply` or of a GitOps sync — and can change at every sync. GitOps wants one source of truth per object (guide §4A).",
    "fix": "Keep one definition (usually the platform's) and remove the other, or make them identical."
  },
  "operations/probe-port-not-declared": {
    "why": "A liveness probe that can never succeed restarts the container forever; a readiness probe that can never succeed keeps the pod out of every Service. Both look like an application bug at three in the morning.",
    "fix": "Name the port the probe uses in the container's `ports`, or point the probe at a declared one. No automatic fix."
  },
  "operations/pull-policy-mutable-tag": {
    "why": "With `IfNotPresent`, each node pulls a moving tag once and keeps that build. Nodes that joined at different times then run different code under one Deployment, a rollout restart does not pick up the new build on nodes that already had the tag, and what is running cannot be told from Git.",
    "fix": "Best: pin a version or digest (then the pull policy does not matter). Offered (unsafe, not in fix-all: it changes what runs at the next start): `imagePullPolicy: Always`."
  },
  "pss/allow-privilege-escalation": {
    "why": "Without it, a setuid binary in the image can make the process gain more privileges than its parent (`no_new_privs` is not set).",
    "fix": "Set `allowPrivilegeEscalation: false` in the container's securityContext (a container-level field; the quick fix adds it per container). The fix is safe, except on a container that is privileged or adds `SYS_ADMIN`: the API server rejects `allowPrivilegeEscalation: false` there, so the fix is unsafe and says so."
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
    "fix": "Add `ALL` to `securityContext.capabilities.drop` (the quick fix; not safe, never in fix-all: an entrypoint that needs CHOWN or SETUID stops working). Remove added capabilities other than NET_BIND_SERVICE yourself."
  },
  "pss/host-namespaces": {
    "why": "A pod in the host's network namespace sees every interface of the node and can bind its ports; in the host PID namespace it can inspect and signal every process on the node; in the host IPC namespace it can read shared memory of other workloads. Any of them turns a compromised container into a compromised node.",
    "fix": "Remove the field (`false` is the default). The quick fix deletes the `hostNetwork: true` (or PID/IPC) line. It is **unsafe** (\"may break workloads that use the host's network/processes/IPC\": node agents and CNI plugins need them), so it is offered one at a time and never part of `--fix` or fix-all."
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
  "rbac/anonymous-subjects": {
    "why": "`system:anonymous` and `system:unauthenticated` are every request that reaches the API server without credentials; `system:authenticated` is every user *and every ServiceAccount of every namespace*. A role bound to them is granted to anyone who can reach the API, or to any compromised pod.",
    "fix": "Bind the role to the users, groups or ServiceAccounts that need it."
  },
  "rbac/cluster-admin-binding": {
    "why": "`cluster-admin` can do anything, on every resource, in every namespace: read every Secret, create pods that mount the node, and edit RBAC to keep its access. A ServiceAccount holding it turns any compromise of one of its pods into a compromise of the cluster. A RoleBinding to it gives the same over one namespace, its Secrets and RBAC included.",
    "fix": "Write a Role (or ClusterRole) listing the verbs and resources the subject needs and bind that; bind it with a RoleBinding per namespace rather than a ClusterRoleBinding when the subject works in a few namespaces. No automatic fix: only the user knows what the subject needs."
  },
  "rbac/default-service-account": {
    "why": "Every pod that names no ServiceAccount runs as `default`. A role granted to it is granted to every such pod of the namespace, present and future: a sidecar-less batch Job gets the permissions meant for one controller.",
    "fix": "Create a ServiceAccount for the workload, set `serviceAccountName` in its pod template, and bind the role to that account."
  },
  "rbac/escalation-verbs": {
    "why": "RBAC stops a subject from granting permissions it does not hold — except through these verbs: `bind` creates bindings to any role, `escalate` edits roles beyond the editor's own permissions, `impersonate` acts as another user, group or ServiceAccount. Each is a path to cluster-admin.",
    "fix": "Remove the verb; when a controller must bind roles, limit it with `resourceNames` to the roles it hands out."
  },
  "rbac/pod-exec-access": {
    "why": "`exec` and `attach` run commands inside a container: whoever holds them reads the pod's mounted Secrets and its ServiceAccount token, and acts with that token's permissions. `portforward` opens connections to any port of the pod from outside, past every NetworkPolicy.",
    "fix": "Remove the subresource, or grant it with `resourceNames` to the pods that need it, or to a break-glass Role bound only while debugging. Debugging tools (chaos experiments, Kiali's port-forward) need it by design: suppress the finding on that role with the `kubeready.io/ignore` annotation."
  },
  "rbac/secrets-read-cluster-wide": {
    "why": "Secrets hold every credential of the cluster: database passwords, TLS keys, other ServiceAccounts' tokens. `list` and `watch` return their values too. A subject that reads them in every namespace is one step from every workload's identity.",
    "fix": "Bind the ClusterRole with RoleBindings in the namespaces that need it, or limit the rule with `resourceNames`."
  },
  "rbac/service-account-missing": {
    "why": "The ServiceAccount admission plugin rejects a pod whose account does not exist. A Deployment is accepted, but its ReplicaSet creates no pod and only an event says why (`error looking up service account`); the rollout hangs. A renamed account in one file and a stale name in another is the usual cause.",
    "fix": "No automatic fix: name the ServiceAccount as it is called, or add it beside the workload."
  },
  "rbac/wildcard-rules": {
    "why": "A wildcard grants everything that exists today and whatever is added later: a new subresource, a new verb, a CRD installed next year. Where the holder can write every kind of every group, or delete namespaces and leases other controllers depend on, least privilege means listing what it needs.",
    "fix": "List the verbs and resources the holder uses (`kubectl auth can-i --list --as=system:serviceaccount:NS:NAME` shows what it has; the audit log shows what it uses)."
  },
  "resources/best-effort": {
    "why": "BestEffort pods are scheduled without reserving anything and are the first to be evicted or OOM-killed when a node runs short — the guide's \"first to be killed\".",
    "fix": "Unsafe: adds `requests: {cpu: <REPLACE_ME>, memory: <REPLACE_ME>}` to every container — fill in measured values. No limits are added (see `resources/qos-not-guaranteed` for the workloads that need them)."
  },
  "resources/empty-dir-unbounded": {
    "why": "A disk-backed `emptyDir` lives on the node's root or kubelet filesystem. Without a `sizeLimit` or an `ephemeral-storage` limit, nothing bounds it: one pod filling it pushes the node into `DiskPressure`, and the kubelet then evicts pods by their ephemeral-storage use relative to their requests — often other workloads, not the one that wrote the data. With a `sizeLimit` (or a pod limit) the kubelet evicts the offending pod alone.",
    "fix": "Offered (unsafe, not in fix-all): `sizeLimit: <REPLACE_ME_SIZE>` on the volume; write the largest size the pod should ever use (`1Gi`). Alternatively set `resources.limits.ephemeral-storage` (and a matching request, which the scheduler then reserves) on the container that writes."
  },
  "resources/invalid-quantity": {
    "why": "The API server rejects the whole object; in a GitOps pipeline the sync fails and nothing of the change is applied. Milli-bytes are accepted and produce a container that is OOM-killed at start.",
    "fix": "- whitespace inside the value: removed (safe); - `Gb`, `GB`, `GiB`, lower-case units: `Gi` or `G` (two unsafe choices — kubeready cannot know whether you meant binary or decimal); - memory in `m`: `Mi` or `M` (unsafe)."
  },
  "resources/memory-unset-in-one-container": {
    "why": "When one container of a pod sets memory and another does not, the author thought about memory for the main container and forgot the sidecar. The scheduler reserves nothing for the forgotten one, it may grow without bound on the node, and its usage counts against the pod when the kubelet picks pods to evict under memory pressure.",
    "fix": "Set a memory request (and a limit equal to it for Guaranteed QoS) on the container. No automatic fix: the amount is the user's to measure."
  },
  "resources/qos-not-guaranteed": {
    "why": "Under node memory pressure the kubelet evicts BestEffort pods first, then Burstable pods using more than they requested; Guaranteed pods go last and get a lower OOM score. A database or a Prometheus killed for memory pressure loses work or data in flight.",
    "fix": "Sets each request equal to its limit, or each limit equal to its request where only a request is written. The fix is **unsafe** even when no value is guessed: a new memory limit OOM-kills a container that used more than its request, and raised requests may no longer fit the nodes. When a container has neither for a resource, the fix writes `<REPLACE_ME>` placeholders for both."
  },
  "resources/requests-exceed-limits": {
    "why": "The API server rejects the pod (`must be less than or equal to memory limit`). For a Deployment the error only shows in the ReplicaSet's events: the rollout silently never creates pods.",
    "fix": "Unsafe fix: set the request to the limit (kubeready cannot know which of the two numbers is wrong). For a non-overcommitable resource without a limit, a safe fix sets the limit to the request."
  },
  "secrets/auth-disabled-env": {
    "why": "A credential kept out of Git is worth nothing when the server asks for none: every pod that can reach the database (and, without NetworkPolicies, that is every pod of the cluster) reads and writes all of its data. The guide asks for credentials fetched from a secret manager (§2C); these switches remove the need for one.",
    "fix": "Remove the switch and give the server a password from a Secret (`valueFrom.secretKeyRef`, fetched by an ExternalSecret). For PostgreSQL, use `scram-sha-256`."
  },
  "secrets/configmap-credentials": {
    "why": "ConfigMaps are meant for non-confidential data: they are not encrypted at rest, `kubectl describe` prints them, and RBAC usually lets far more people read them than Secrets. And the ConfigMap is in Git (guide §2C).",
    "fix": "Move the value into your secret manager, fetch it with an `ExternalSecret`, and reference the resulting Secret (`envFrom.secretRef`, a `secret` volume). No automatic fix: the value must not be copied anywhere by a tool."
  },
  "secrets/encryption-at-rest-identity": {
    "why": "The API server encrypts new data with the first provider of the first matching entry. `identity` means \"no encryption\": Secrets then sit in etcd, and in every etcd backup, in plain text. The guide (§2C) asks for encryption at rest. `identity` belongs last, only so that data written before encryption was enabled can still be read.",
    "fix": "Put `kms` (v2, preferred: the key stays in a KMS) or `aescbc`/`aesgcm`/`secretbox` first, keep `identity: {}` last, restart the API servers, then rewrite all Secrets (`kubectl get secrets -A -o json | kubectl replace -f -`). No automatic fix: a key must not be generated into a file in Git."
  },
  "secrets/external-secret-store-missing": {
    "why": "The guide (§2C) fetches secrets with the External Secrets Operator. An ExternalSecret whose store does not exist never syncs: the target Secret is never created and the workload that mounts it stays in `ContainerCreating`. A typo in a store name, or a store in the wrong namespace, is the usual cause.",
    "fix": "Add the `SecretStore`/`ClusterSecretStore`, fix the name or kind, or — when the platform team manages the store outside this repository — list it in the `knownStores` option. No automatic fix."
  },
  "secrets/literal-secret-env": {
    "why": "A literal in a manifest is a secret in Git (guide §2C); in the cluster it is shown by `kubectl describe` to everyone who can read the workload, and stored unencrypted with it. The message names the variable, never its value.",
    "fix": "Unsafe: replaces `value:` with `valueFrom: {secretKeyRef: {name: <REPLACE_ME_SECRET>, key: <var-name>}}`. The value leaves the file: store it in your secret manager and fetch it with an ExternalSecret first."
  },
  "secrets/secret-generator-literals": {
    "why": "`kustomize build` turns the literals into a Secret, but the values sit in plain text in the kustomization, in Git, for everyone who can read the repository and its history (guide §2C).",
    "fix": "Remove the generator and fetch the Secret with an ExternalSecret from your secret manager, or keep the values in an encrypted file (SOPS with the kustomize-sops plugin, Sealed Secrets)."
  },
  "secrets/secret-in-repository": {
    "why": "Anything committed to Git stays in its history, in every clone and in every CI log that prints it. The guide (§2C) says never to commit secrets and to fetch them with the External Secrets Operator from Vault or a cloud secret manager instead. The message names the keys, never the values.",
    "fix": "\"Replace Secret … with an ExternalSecret — its values leave this file\" swaps the Secret for an `external-secrets.io/v1` `ExternalSecret` with the same name, namespace, labels, type and keys, pointing at `<REPLACE_ME_SECRET_STORE>` and `<REPLACE_ME_REMOTE_KEY>`. The values are not carried over: put them into your secret manager first, then fill in the placeholders. The fix is unsafe (it guesses the store) and never part of fix-all. Also rotate the values: they remain in Git history."
  },
  "status/backup-stale": {
    "why": "A Schedule in Git says backups are planned; only the cluster shows whether they happen. Credentials of the storage location expire, a bucket policy changes, a node agent crashes — and the last good backup quietly ages. The guide's disaster-recovery drills (§4C) assume a recent backup to restore.",
    "fix": "Look at the Schedule's Backups (`velero backup get`, `velero backup describe --details`) and Velero's logs; fix the storage location or the node agent, then run a backup by hand (`velero backup create --from-schedule <name>`). No automatic fix."
  },
  "status/certificate-expiring": {
    "why": "The guide (§4B) relies on cert-manager to rotate certificates before they expire. cert-manager renews at `renewBefore` (by default a third of the lifetime before expiry, 30 days for a 90-day certificate), so a certificate this close to expiry means renewal has been failing — an issuer that is down, a challenge that cannot be solved, a rate limit. When it expires, clients refuse the connection.",
    "fix": "Look at the Certificate's conditions and events and at its `CertificateRequest`/`Order`/`Challenge` objects (`cmctl status certificate <name>`), fix the issuer, then trigger a renewal (`cmctl renew <name>`). Monitor expiry with the Blackbox Exporter as the guide recommends."
  },
  "status/pdb-disruptions-blocked": {
    "why": "The guide (§3B) uses PodDisruptionBudgets to protect workloads during voluntary disruptions such as node drains. A budget that allows no disruption at all (for example `minAvailable` equal to the replica count, or pods that are not ready) makes every drain wait forever: cluster upgrades, node rotations and autoscaler scale-downs stall on it.",
    "fix": "Run more replicas than the budget requires (for a single-replica database: add a replica or accept downtime with `maxUnavailable: 1`), or relax the budget (`maxUnavailable: 1` instead of `minAvailable: <replicas>`). If the budget is normally fine, find out why pods are not ready (`currentHealthy` below `desiredHealthy`). The rule offers no automatic fix: the cluster is never changed by kubeready."
  },
  "status/pod-qos-not-guaranteed": {
    "why": "The guide (§3A) asks for Guaranteed QoS for stateful sets (databases, Prometheus) and critical components. Under memory pressure the kubelet evicts BestEffort pods first and Burstable pods next; a database or a control-plane component evicted that way takes its dependants with it. The QoS class the cluster computed is the truth, whatever the manifest intended (a LimitRange or a mutating webhook may have changed the resources).",
    "fix": "Set `requests` equal to `limits` for both CPU and memory in every container (and init container) of the workload's pod template, then roll the workload out. The rule offers no automatic fix: live objects are read-only."
  },
  "status/prometheus-replica-unavailable": {
    "why": "The guide (§1A) runs Prometheus as an HA pair with Thanos deduplicating the two. A pair with one replica down still scrapes and alerts, but without redundancy: the next restart or node failure leaves a gap in metrics and silences alerts. `observability/prometheus-replicas` checks that the pair is declared; this rule checks that it is actually running.",
    "fix": "Find the unavailable pod (`kubectl -n monitoring get pods -l prometheus=<name>`) and why it is not ready: a pending PersistentVolumeClaim, a WAL replay running out of memory, a node that is gone. The rule offers no automatic fix: kubeready never changes the cluster."
  },
  "status/restore-test-stale": {
    "why": "A backup nobody has restored is a hope, not a backup: missing volume snapshots, a plugin upgrade, a changed storage class or an expired credential show up only at restore time. Regular drills (§4C) find them while nothing is on fire. A partially failed restore means some objects or volumes did not come back.",
    "fix": "No automatic fix: run a restore drill (`velero restore create --from-backup <backup> --namespace-mappings shop:shop-restore-test`), check the result with `velero restore describe --details`, and schedule the next."
  }
};
