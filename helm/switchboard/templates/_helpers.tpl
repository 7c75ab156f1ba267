{{/*
Names. Release "switchboard" + chart "switchboard" gives "switchboard", not "switchboard-switchboard".
*/}}
{{- define "switchboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of a component's resources: <fullname>-ingress, <fullname>-worker. Component names are short, so 55 + 8 fits 63. */}}
{{- define "switchboard.componentName" -}}
{{- printf "%s-%s" (include "switchboard.fullname" .root | trunc 55 | trimSuffix "-") .component }}
{{- end }}

{{- define "switchboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "switchboard.labels" -}}
helm.sh/chart: {{ include "switchboard.chart" . }}
app.kubernetes.io/part-of: switchboard
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- end }}

{{/* Selector labels of a component; call with (dict "root" $ "component" "worker"). */}}
{{- define "switchboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "switchboard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "switchboard.componentLabels" -}}
{{ include "switchboard.labels" .root }}
{{ include "switchboard.selectorLabels" . }}
{{- end }}

{{- define "switchboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "switchboard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "switchboard.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "switchboard.rulesConfigMapName" -}}
{{- default (printf "%s-rules" (include "switchboard.fullname" .)) .Values.rules.existingConfigMap }}
{{- end }}

{{/* Shadow rules are on when either their content or an existing ConfigMap is given. */}}
{{- define "switchboard.shadowRulesEnabled" -}}
{{- if or .Values.shadowRules.content .Values.shadowRules.existingConfigMap }}true{{- end }}
{{- end }}

{{- define "switchboard.shadowRulesConfigMapName" -}}
{{- default (printf "%s-shadow-rules" (include "switchboard.fullname" .)) .Values.shadowRules.existingConfigMap }}
{{- end }}

{{/* The application (client) id the workers fetch Graph tokens for; in workloadIdentity mode also the ServiceAccount's annotation. */}}
{{- define "switchboard.graphClientId" -}}
{{- $id := default .Values.graph.botAppId .Values.graph.clientId }}
{{- if eq .Values.graph.auth.mode "workloadIdentity" }}
{{- $id = default $id .Values.graph.auth.workloadIdentity.clientId }}
{{- end }}
{{- $id }}
{{- end }}

{{/* The kind of the workers' workload. */}}
{{- define "switchboard.workerKind" -}}
{{- if .Values.worker.statefulSet.enabled }}StatefulSet{{ else }}Deployment{{ end }}
{{- end }}

{{/* The workers' session timeout: worker.sessionTimeout, else 15s for static members (a restart must fit in it, a crash must not stall its partitions past a call window), 10s otherwise. */}}
{{- define "switchboard.workerSessionTimeout" -}}
{{- default (ternary "15s" "10s" .Values.worker.statefulSet.enabled) .Values.worker.sessionTimeout }}
{{- end }}

{{/* A duration as the processes read it (500ms, 10s, 1.5m, 1h, or a bare number of seconds), in milliseconds. */}}
{{- define "switchboard.durationMilliseconds" -}}
{{- $parts := regexFindAll "^[0-9]+(\\.[0-9]+)?|(ms|s|m|h)$" . -1 }}
{{- $number := float64 (first $parts) }}
{{- $unit := ternary (last $parts) "s" (eq (len $parts) 2) }}
{{- mulf $number (get (dict "ms" 1.0 "s" 1000.0 "m" 60000.0 "h" 3600000.0) $unit) }}
{{- end }}

{{/* Where secrets and files are mounted; the SWITCHBOARD_*_FILE variables point here. */}}
{{- define "switchboard.kafkaSecretDir" -}}/var/run/secrets/switchboard/kafka{{- end }}
{{- define "switchboard.kafkaCADir" -}}/var/run/secrets/switchboard/kafka-ca{{- end }}
{{- define "switchboard.graphSecretDir" -}}/var/run/secrets/switchboard/graph{{- end }}
{{- define "switchboard.graphCertificateDir" -}}/var/run/secrets/switchboard/graph-certificate{{- end }}
{{- define "switchboard.rulesDir" -}}/etc/switchboard/rules{{- end }}
{{- define "switchboard.shadowRulesDir" -}}/etc/switchboard/shadow-rules{{- end }}

{{- define "switchboard.saslEnabled" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol }}true{{- end }}
{{- end }}

{{- define "switchboard.tlsEnabled" -}}
{{- if or (eq .Values.kafka.securityProtocol "SSL") (eq .Values.kafka.securityProtocol "SASL_SSL") }}true{{- end }}
{{- end }}

{{/*
Checks across values that a JSON Schema cannot express. Each message says which values to change.
*/}}
{{- define "switchboard.validate" -}}
{{- $w := .Values.worker }}
{{- if le (int $w.terminationGracePeriodSeconds) (add (int $w.drainTimeoutSeconds) 10 | int) }}
{{- fail (printf "worker.terminationGracePeriodSeconds (%d) must exceed worker.drainTimeoutSeconds (%d) by more than 10 seconds, or Kubernetes kills workers mid-drain and their partitions stall until the session times out" (int $w.terminationGracePeriodSeconds) (int $w.drainTimeoutSeconds)) }}
{{- end }}
{{- $i := .Values.ingress }}
{{- if le (int $i.terminationGracePeriodSeconds) (add (int $i.preStopSleepSeconds) (int $i.drainTimeoutSeconds) | int) }}
{{- fail (printf "ingress.terminationGracePeriodSeconds (%d) must exceed ingress.preStopSleepSeconds + ingress.drainTimeoutSeconds (%d), or in-flight notifications are cut off" (int $i.terminationGracePeriodSeconds) (add (int $i.preStopSleepSeconds) (int $i.drainTimeoutSeconds) | int)) }}
{{- end }}
{{- if and $w.keda.enabled (gt (int $w.keda.maxReplicaCount) (int .Values.kafka.notificationsPartitions)) }}
{{- fail (printf "worker.keda.maxReplicaCount (%d) must not exceed kafka.notificationsPartitions (%d): a consumer group gives each partition to one worker, extra workers sit idle" (int $w.keda.maxReplicaCount) (int .Values.kafka.notificationsPartitions)) }}
{{- end }}
{{- if and $w.autoscaling.enabled (not $w.keda.enabled) (gt (int $w.autoscaling.maxReplicas) (int .Values.kafka.notificationsPartitions)) }}
{{- fail (printf "worker.autoscaling.maxReplicas (%d) must not exceed kafka.notificationsPartitions (%d): extra workers would sit idle" (int $w.autoscaling.maxReplicas) (int .Values.kafka.notificationsPartitions)) }}
{{- end }}
{{- $session := include "switchboard.workerSessionTimeout" . }}
{{- if lt (include "switchboard.durationMilliseconds" $session | float64) 6000.0 }}
{{- fail (printf "worker.sessionTimeout (%s) must be at least 6s: brokers refuse shorter sessions by default (group.min.session.timeout.ms)" $session) }}
{{- end }}
{{- if gt (include "switchboard.durationMilliseconds" $session | float64) 1800000.0 }}
{{- fail (printf "worker.sessionTimeout (%s) must be at most 30m: brokers refuse longer sessions by default (group.max.session.timeout.ms)" $session) }}
{{- end }}
{{- if and (include "switchboard.saslEnabled" .) (not .Values.kafka.sasl.passwordSecret.name) }}
{{- fail (printf "kafka.securityProtocol is %s: set kafka.sasl.username and kafka.sasl.passwordSecret.name (an existing Secret holding the password)" .Values.kafka.securityProtocol) }}
{{- end }}
{{- if eq (int $i.port) (int $i.healthPort) }}
{{- fail (printf "ingress.healthPort (%d) must differ from ingress.port: /healthz, /readyz and /metrics are served apart from the webhook" (int $i.healthPort)) }}
{{- end }}
{{- if not .Values.allowInsecureForTesting }}
{{- range $component := list "ingress" "worker" }}
{{- range (index $.Values $component).extraEnv }}
{{- if hasPrefix "SWITCHBOARD_INSECURE_" (upper .name) }}
{{- fail (printf "%s.extraEnv sets %s, which turns off a protection meant only for local testing; remove it, or set allowInsecureForTesting=true on a test cluster" $component .name) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- $auth := .Values.graph.auth }}
{{- if eq $auth.mode "workloadIdentity" }}
{{- if and $auth.workloadIdentity.clientId .Values.graph.clientId (ne $auth.workloadIdentity.clientId .Values.graph.clientId) }}
{{- fail (printf "graph.auth.workloadIdentity.clientId (%s) and graph.clientId (%s) differ: the federated credential and the Graph tokens belong to one application, so set only one of them" $auth.workloadIdentity.clientId .Values.graph.clientId) }}
{{- end }}
{{- $annotated := get .Values.serviceAccount.annotations "azure.workload.identity/client-id" }}
{{- if and .Values.serviceAccount.create $annotated (ne $annotated (include "switchboard.graphClientId" .)) }}
{{- fail (printf "serviceAccount.annotations sets azure.workload.identity/client-id to %s, but the workers fetch Graph tokens for %s: remove the annotation (the chart sets it) or set graph.auth.workloadIdentity.clientId" $annotated (include "switchboard.graphClientId" .)) }}
{{- end }}
{{- end }}
{{- if and (not .Values.rules.existingConfigMap) (not .Values.rules.content) }}
{{- fail "set rules.content (the routing rules YAML) or rules.existingConfigMap (a ConfigMap you manage)" }}
{{- end }}
{{- end }}
