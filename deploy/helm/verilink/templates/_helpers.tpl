{{/* The chart's name, or nameOverride. */}}
{{- define "verilink.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name, with the chart's name unless it contains it. */}}
{{- define "verilink.fullname" -}}
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

{{/* Labels every object carries (each adds its app.kubernetes.io/component). */}}
{{- define "verilink.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "verilink.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: verilink
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The server's pods: what Services, the PodDisruptionBudget and the spread select. The
     component keeps the migration Job's pod out of them. */}}
{{- define "verilink.selectorLabels" -}}
app.kubernetes.io/name: {{ include "verilink.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: server
{{- end }}

{{- define "verilink.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "verilink.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "verilink.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* host:port for a listen address ("::" becomes "[::]"). */}}
{{- define "verilink.listen" -}}
{{- $host := .root.Values.listenAddress }}
{{- if contains ":" $host }}{{ $host = printf "[%s]" $host }}{{ end }}
{{- printf "%s:%d" $host (int .port) }}
{{- end }}

{{/* An environment variable read from a Secret, for each `secrets` entry that names one:
     the entries are given as a list of (variable, reference) pairs. */}}
{{- define "verilink.secretEnv" -}}
{{- range $pair := . }}
{{- $ref := index $pair 1 }}
{{- if $ref.existingSecret }}
- name: {{ index $pair 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.existingSecret }}
      key: {{ $ref.key }}
{{- end }}
{{- end }}
{{- end }}

{{/* Pod-level settings both the server and the migration Job use. */}}
{{- define "verilink.podCommon" -}}
automountServiceAccountToken: false
enableServiceLinks: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Refuses combinations values.schema.json cannot express, naming the values to change. */}}
{{- define "verilink.validate" -}}
{{- $s := .Values.shutdown }}
{{- if le (int $s.terminationGracePeriodSeconds) (add $s.preStopSleepSeconds $s.drainTimeoutSeconds | int) }}
{{- fail (printf "shutdown.terminationGracePeriodSeconds (%d) must exceed shutdown.preStopSleepSeconds + shutdown.drainTimeoutSeconds (%d)" (int $s.terminationGracePeriodSeconds) (add $s.preStopSleepSeconds $s.drainTimeoutSeconds | int)) }}
{{- end }}
{{- if and .Values.secrets.smtpUrl.existingSecret (not .Values.config.VERILINK_EMAIL_FROM) }}
{{- fail "secrets.smtpUrl needs config.VERILINK_EMAIL_FROM (the sender of emailed links)" }}
{{- end }}
{{- if and .Values.secrets.oidcClientSecret.existingSecret (not (and .Values.config.VERILINK_OIDC_ISSUER .Values.config.VERILINK_OIDC_CLIENT_ID)) }}
{{- fail "secrets.oidcClientSecret needs config.VERILINK_OIDC_ISSUER and config.VERILINK_OIDC_CLIENT_ID" }}
{{- end }}
{{- if and .Values.secrets.encryptionKeyPrevious.existingSecret (not .Values.secrets.encryptionKey.existingSecret) }}
{{- fail "secrets.encryptionKeyPrevious is only for a rotation: it needs secrets.encryptionKey" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" }}
{{- end }}
{{- $ports := list (int .Values.ports.grpc) (int .Values.ports.http) (int .Values.ports.console) }}
{{- if ne (len (uniq $ports)) 3 }}
{{- fail "ports.grpc, ports.http and ports.console must differ" }}
{{- end }}
{{- end }}
