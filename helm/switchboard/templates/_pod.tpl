{{/*
Pieces shared by the ingress and worker pods.
*/}}

{{/* Environment for Kafka access: bootstrap servers, security and topics. */}}
{{- define "switchboard.kafkaEnv" -}}
- name: SWITCHBOARD_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.kafka.bootstrapServers | quote }}
- name: SWITCHBOARD_KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
{{- if include "switchboard.saslEnabled" . }}
- name: SWITCHBOARD_KAFKA_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
- name: SWITCHBOARD_KAFKA_SASL_USERNAME
  value: {{ .Values.kafka.sasl.username | quote }}
- name: SWITCHBOARD_KAFKA_SASL_PASSWORD_FILE
  value: {{ printf "%s/%s" (include "switchboard.kafkaSecretDir" .) .Values.kafka.sasl.passwordSecret.key | quote }}
{{- end }}
{{- if and (include "switchboard.tlsEnabled" .) .Values.kafka.tls.caSecret.name }}
- name: SWITCHBOARD_KAFKA_SSL_CA_LOCATION
  value: {{ printf "%s/%s" (include "switchboard.kafkaCADir" .) .Values.kafka.tls.caSecret.key | quote }}
{{- end }}
- name: SWITCHBOARD_NOTIFICATIONS_TOPIC
  value: {{ .Values.kafka.topics.notifications | quote }}
- name: SWITCHBOARD_OUTCOMES_TOPIC
  value: {{ .Values.kafka.topics.outcomes | quote }}
- name: SWITCHBOARD_DLQ_TOPIC
  value: {{ .Values.kafka.topics.dlq | quote }}
- name: SWITCHBOARD_BOT_APP_ID
  value: {{ .Values.graph.botAppId | quote }}
- name: SWITCHBOARD_GRAPH_TENANTS
  value: {{ join "," .Values.graph.tenants | quote }}
- name: SWITCHBOARD_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- end }}

{{/* Volumes for the Kafka secrets and a writable /tmp (the root filesystem is read-only). */}}
{{- define "switchboard.kafkaVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if include "switchboard.saslEnabled" . }}
- name: kafka-sasl
  secret:
    secretName: {{ .Values.kafka.sasl.passwordSecret.name }}
    defaultMode: 0440
    items:
      - key: {{ .Values.kafka.sasl.passwordSecret.key }}
        path: {{ .Values.kafka.sasl.passwordSecret.key }}
{{- end }}
{{- if and (include "switchboard.tlsEnabled" .) .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret.name }}
    defaultMode: 0444
    items:
      - key: {{ .Values.kafka.tls.caSecret.key }}
        path: {{ .Values.kafka.tls.caSecret.key }}
{{- end }}
{{- end }}

{{- define "switchboard.kafkaVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if include "switchboard.saslEnabled" . }}
- name: kafka-sasl
  mountPath: {{ include "switchboard.kafkaSecretDir" . }}
  readOnly: true
{{- end }}
{{- if and (include "switchboard.tlsEnabled" .) .Values.kafka.tls.caSecret.name }}
- name: kafka-ca
  mountPath: {{ include "switchboard.kafkaCADir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The workers' Graph credential, by graph.auth.mode: environment, volumes and mounts. */}}
{{- define "switchboard.graphAuthEnv" -}}
- name: SWITCHBOARD_GRAPH_CLIENT_ID
  value: {{ include "switchboard.graphClientId" . | quote }}
{{- if eq .Values.graph.auth.mode "secret" }}
- name: SWITCHBOARD_GRAPH_CLIENT_SECRET_FILE
  value: {{ printf "%s/%s" (include "switchboard.graphSecretDir" .) .Values.graph.clientSecret.key | quote }}
{{- else if eq .Values.graph.auth.mode "certificate" }}
- name: SWITCHBOARD_GRAPH_CLIENT_CERTIFICATE_FILE
  value: {{ printf "%s/tls.crt" (include "switchboard.graphCertificateDir" .) | quote }}
- name: SWITCHBOARD_GRAPH_CLIENT_KEY_FILE
  value: {{ printf "%s/tls.key" (include "switchboard.graphCertificateDir" .) | quote }}
{{- end }}
{{- /* workloadIdentity: the AKS webhook injects AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_AUTHORITY_HOST. */}}
{{- end }}

{{- define "switchboard.graphAuthVolumes" -}}
{{- if eq .Values.graph.auth.mode "secret" }}
- name: graph-client-secret
  secret:
    secretName: {{ .Values.graph.clientSecret.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.graph.clientSecret.key }}
        path: {{ .Values.graph.clientSecret.key }}
{{- else if eq .Values.graph.auth.mode "certificate" }}
- name: graph-client-certificate
  secret:
    secretName: {{ .Values.graph.auth.certificate.existingSecret }}
    defaultMode: 0440
    items:
      - key: tls.crt
        path: tls.crt
      - key: tls.key
        path: tls.key
{{- end }}
{{- end }}

{{- define "switchboard.graphAuthVolumeMounts" -}}
{{- if eq .Values.graph.auth.mode "secret" }}
- name: graph-client-secret
  mountPath: {{ include "switchboard.graphSecretDir" . }}
  readOnly: true
{{- else if eq .Values.graph.auth.mode "certificate" }}
- name: graph-client-certificate
  mountPath: {{ include "switchboard.graphCertificateDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The pod security context: a fixed non-root user, RuntimeDefault seccomp. */}}
{{- define "switchboard.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.runAsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The container security context. Not configurable on purpose: every container runs hardened. */}}
{{- define "switchboard.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop:
    - ALL
{{- end }}

{{/* Spread a component's pods across zones (and nodes), softly by default. Call with (dict "root" $ "component" "worker" "values" .Values.worker). */}}
{{- define "switchboard.topologySpread" -}}
{{- if .values.topologySpread.enabled }}
topologySpreadConstraints:
  - maxSkew: {{ .values.topologySpread.maxSkew }}
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: {{ .values.topologySpread.whenUnsatisfiable }}
    labelSelector:
      matchLabels:
        {{- include "switchboard.selectorLabels" . | nindent 8 }}
  - maxSkew: {{ .values.topologySpread.maxSkew }}
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "switchboard.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end }}

{{/* Scheduling settings a component may set. */}}
{{- define "switchboard.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- end }}
