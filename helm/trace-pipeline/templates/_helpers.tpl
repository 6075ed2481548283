{{/* Name of a component's objects: <release>-<component>. */}}
{{- define "trace.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries. */}}
{{- define "trace.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: trace-pipeline
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* Labels that select a component's pods (never change them on upgrade: selectors are immutable). */}}
{{- define "trace.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Image reference of a service: registry/prefix + image + tag. */}}
{{- define "trace.image" -}}
{{- $registry := .root.Values.image.registry -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- if $registry -}}
{{- printf "%s/%s%s:%s" $registry .root.Values.image.repositoryPrefix .image $tag -}}
{{- else -}}
{{- printf "%s%s:%s" .root.Values.image.repositoryPrefix .image $tag -}}
{{- end -}}
{{- end -}}

{{/* Name of a service's KafkaUser (also the name of the Secret Strimzi writes its credentials to). */}}
{{- define "trace.kafkaUser" -}}
{{- include "trace.name" . -}}
{{- end -}}

{{/* Pod-level security: non-root, fixed ids, RuntimeDefault seccomp (the restricted Pod Security Standard). */}}
{{- define "trace.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .root.Values.common.runAsUser }}
runAsGroup: {{ .root.Values.common.runAsUser }}
fsGroup: {{ .root.Values.common.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container-level security: read-only root, no privilege escalation, no capabilities. */}}
{{- define "trace.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Quarkus health probes on the service's HTTP port. */}}
{{- define "trace.probes" -}}
startupProbe:
  httpGet: {path: {{ default "/q/health/started" .startedPath }}, port: http}
  periodSeconds: 5
  failureThreshold: 60
readinessProbe:
  httpGet: {path: {{ default "/q/health/ready" .readinessPath }}, port: http}
  periodSeconds: 10
  failureThreshold: 3
livenessProbe:
  httpGet: {path: {{ default "/q/health/live" .livenessPath }}, port: http}
  periodSeconds: 10
  failureThreshold: 6
{{- end -}}

{{/*
Environment every service container gets: JVM sizing from the container limit, the pod identity,
the Kafka credentials from the service's KafkaUser Secret, and the config file location.
*/}}
{{- define "trace.commonEnv" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "%s %s" .root.Values.common.javaToolOptions (default "" .extraJavaOptions) | trim | quote }}
- name: POD_NAME
  valueFrom: {fieldRef: {fieldPath: metadata.name}}
- name: POD_NAMESPACE
  valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
- name: QUARKUS_CONFIG_LOCATIONS
  value: /etc/trace/application.properties
{{- if eq .root.Values.kafka.authentication "scram-sha-512" }}
- name: KAFKA_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef: {name: {{ include "trace.kafkaUser" (dict "root" .root "component" .kafkaUser) }}, key: sasl.jaas.config}
{{- else if eq .root.Values.kafka.authentication "tls" }}
- name: KAFKA_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ include "trace.kafkaUser" (dict "root" .root "component" .kafkaUser) }}, key: user.password}
{{- end }}
{{- end -}}

{{/*
Kafka client security properties under a prefix ("kafka." for plain clients, "kafka-streams." for
the gate). Secrets arrive as environment variables set by trace.commonEnv and are expanded by Quarkus.
*/}}
{{- define "trace.kafkaSecurityProperties" -}}
{{- $p := .prefix -}}
{{ $p }}security.protocol={{ .root.Values.kafka.securityProtocol }}
{{- if hasPrefix "SASL" .root.Values.kafka.securityProtocol }}
{{ $p }}sasl.mechanism=SCRAM-SHA-512
{{ $p }}sasl.jaas.config=${KAFKA_SASL_JAAS_CONFIG}
{{- end }}
{{- if hasSuffix "SSL" .root.Values.kafka.securityProtocol }}
{{ $p }}ssl.truststore.type=PEM
{{ $p }}ssl.truststore.location=/etc/kafka-ca/ca.crt
{{- end }}
{{- if eq .root.Values.kafka.securityProtocol "SSL" }}
{{ $p }}ssl.keystore.type=PKCS12
{{ $p }}ssl.keystore.location=/etc/kafka-user/user.p12
{{ $p }}ssl.keystore.password=${KAFKA_KEYSTORE_PASSWORD}
{{- end }}
{{- end -}}

{{/* Volumes every service pod mounts: /tmp, the config file, the Kafka CA (and client cert for mTLS). */}}
{{- define "trace.commonVolumes" -}}
- name: tmp
  emptyDir: {sizeLimit: {{ .root.Values.common.tmpSizeLimit }}}
- name: config
  configMap: {name: {{ include "trace.name" . }}}
{{- if hasSuffix "SSL" .root.Values.kafka.securityProtocol }}
- name: kafka-ca
  secret: {secretName: {{ .root.Values.kafka.clusterCaSecret }}, items: [{key: ca.crt, path: ca.crt}]}
{{- end }}
{{- if eq .root.Values.kafka.securityProtocol "SSL" }}
- name: kafka-user
  secret: {secretName: {{ include "trace.kafkaUser" (dict "root" .root "component" .kafkaUser) }}, items: [{key: user.p12, path: user.p12}]}
{{- end }}
{{- end -}}

{{- define "trace.commonVolumeMounts" -}}
- {name: tmp, mountPath: /tmp}
- {name: config, mountPath: /etc/trace, readOnly: true}
{{- if hasSuffix "SSL" .root.Values.kafka.securityProtocol }}
- {name: kafka-ca, mountPath: /etc/kafka-ca, readOnly: true}
{{- end }}
{{- if eq .root.Values.kafka.securityProtocol "SSL" }}
- {name: kafka-user, mountPath: /etc/kafka-user, readOnly: true}
{{- end }}
{{- end -}}

{{/* Pod settings shared by every service. */}}
{{- define "trace.podCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- include "trace.podSecurityContext" . | nindent 2 }}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* The migrations Job runs when asked, or by default whenever the chart installs ClickHouse itself. */}}
{{- define "trace.migrationsEnabled" -}}
{{- if or .Values.clickhouse.migrations.enabled .Values.clickhouse.installation.enabled -}}true{{- end -}}
{{- end -}}

{{/*
The code's declarations (topics, Kafka rights, ClickHouse users), generated by the helm module's
build into files/generated/declarations.yaml. Use: include "trace.declarations" . | fromYaml
*/}}
{{- define "trace.declarations" -}}
{{- $file := .Files.Get "files/generated/declarations.yaml" -}}
{{- if not $file -}}
{{- fail "files/generated/declarations.yaml is missing: build the chart first (./mvnw -q -pl helm -am process-classes)" -}}
{{- end -}}
{{- $file -}}
{{- end -}}

{{/* Name of the existing Secret holding a ClickHouse user's password: <namePrefix><role>, e.g. trace-clickhouse-sink. */}}
{{- define "trace.clickhouseSecret" -}}
{{- printf "%s%s" .root.Values.clickhouse.passwordSecrets.namePrefix .role -}}
{{- end -}}

{{/* An environment variable holding the password of the ClickHouse user with this role (owner, sink, api, analyst). */}}
{{- define "trace.clickhousePasswordEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef: {name: {{ include "trace.clickhouseSecret" . }}, key: {{ .root.Values.clickhouse.passwordSecrets.key }}}
{{- end -}}
