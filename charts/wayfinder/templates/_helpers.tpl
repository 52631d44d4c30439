{{/* Names and labels. */}}
{{- define "wayfinder.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "wayfinder.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wayfinder.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "wayfinder.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: wayfinder
{{- end }}

{{/* Selector labels of one component: call with (list $ "controller"). */}}
{{- define "wayfinder.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "wayfinder.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "wayfinder.componentLabels" -}}
{{ include "wayfinder.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end }}

{{- define "wayfinder.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wayfinder.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "wayfinder.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The served zones, without trailing dots, as a list joined by spaces. */}}
{{- define "wayfinder.zones" -}}
{{- $zones := list (trimSuffix "." .Values.dnsZone) }}
{{- range .Values.extraDnsZones }}{{ $zones = append $zones (trimSuffix "." .) }}{{ end }}
{{- join " " $zones }}
{{- end }}

{{/* CoreDNS's etcd `path`: the prefix without its trailing slash. */}}
{{- define "wayfinder.etcdPath" -}}
{{- $p := .Values.corednsPrefix }}
{{- if and (gt (len $p) 1) (hasSuffix "/" $p) }}{{ trimSuffix "/" $p }}{{ else }}{{ $p }}{{ end }}
{{- end }}

{{/* etcd, as its clients see it. */}}
{{- define "wayfinder.etcdHeadless" -}}
{{- printf "%s-etcd-headless" (include "wayfinder.fullname" .) }}
{{- end }}

{{- define "wayfinder.etcdTls" -}}
{{- if .Values.etcd.enabled }}{{ .Values.etcd.tls.enabled }}{{ else }}{{ hasPrefix "https:" (lower (first .Values.etcd.external.endpoints | default "")) }}{{ end }}
{{- end }}

{{- define "wayfinder.etcdEndpoints" -}}
{{- if .Values.etcd.enabled }}
{{- printf "%s://%s-etcd.%s.svc.%s:2379" (ternary "https" "http" .Values.etcd.tls.enabled) (include "wayfinder.fullname" .) .Release.Namespace .Values.clusterDomain }}
{{- else }}
{{- join "," .Values.etcd.external.endpoints }}
{{- end }}
{{- end }}

{{/* The Secret clients mount for etcd TLS, or nothing. */}}
{{- define "wayfinder.etcdClientSecret" -}}
{{- if .Values.etcd.enabled }}
{{- if .Values.etcd.tls.enabled }}{{ default .Values.etcd.tls.secretName .Values.etcd.tls.clientSecretName }}{{ end }}
{{- else }}
{{- .Values.etcd.external.tlsSecretName }}
{{- end }}
{{- end }}

{{- define "wayfinder.etcdClientCert" -}}
{{- if .Values.etcd.enabled }}{{ and .Values.etcd.tls.enabled .Values.etcd.tls.clientAuth }}{{ else }}{{ and (ne .Values.etcd.external.tlsSecretName "") .Values.etcd.external.clientAuth }}{{ end }}
{{- end }}

{{- define "wayfinder.etcdUsername" -}}
{{- if not .Values.etcd.enabled }}{{ .Values.etcd.external.username }}{{ end }}
{{- end }}

{{/* ETCD_* variables, as ExternalDNS's CoreDNS provider reads them. */}}
{{- define "wayfinder.etcdEnv" -}}
- name: ETCD_URLS
  value: {{ include "wayfinder.etcdEndpoints" . | quote }}
{{- $dir := .Values.etcd.clientTlsMountPath }}
{{- if include "wayfinder.etcdClientSecret" . }}
- name: ETCD_CA_FILE
  value: {{ printf "%s/ca.crt" $dir | quote }}
{{- if eq (include "wayfinder.etcdClientCert" .) "true" }}
- name: ETCD_CERT_FILE
  value: {{ printf "%s/tls.crt" $dir | quote }}
- name: ETCD_KEY_FILE
  value: {{ printf "%s/tls.key" $dir | quote }}
{{- end }}
{{- end }}
{{- with include "wayfinder.etcdUsername" . }}
- name: ETCD_USERNAME
  value: {{ . | quote }}
- name: ETCD_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $.Values.etcd.external.passwordSecret.name }}
      key: {{ $.Values.etcd.external.passwordSecret.key }}
{{- end }}
{{- end }}

{{- define "wayfinder.etcdClientVolume" -}}
{{- with include "wayfinder.etcdClientSecret" . }}
- name: etcd-tls
  secret:
    secretName: {{ . }}
    defaultMode: 0440
{{- end }}
{{- end }}

{{- define "wayfinder.etcdClientVolumeMount" -}}
{{- if include "wayfinder.etcdClientSecret" . }}
- name: etcd-tls
  mountPath: {{ .Values.etcd.clientTlsMountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{/* Cross-field checks the schema cannot express; each names the value to fix. */}}
{{- define "wayfinder.validate" -}}
{{- if and (has "gslb" .Values.sources) (not .Values.clusterGeoTag) }}
{{- fail "clusterGeoTag: required when sources include gslb (this cluster's geo tag, e.g. us-buf)" }}
{{- end }}
{{- if and (has "gslb" .Values.sources) (not .Values.gslb.peers) (not .Values.extGslbClustersGeoTags) }}
{{- fail "gslb.peers or extGslbClustersGeoTags: the gslb source needs the other clusters, given directly or discovered at the edge" }}
{{- end }}
{{- if and .Values.extGslbClustersGeoTags (or (not .Values.edgeDNSServers) (not .Values.edgeDNSZone)) }}
{{- fail "edgeDNSServers and edgeDNSZone: required with extGslbClustersGeoTags (peers are looked up at the edge DNS)" }}
{{- end }}
{{- if and (not .Values.etcd.enabled) (not .Values.etcd.external.endpoints) }}
{{- fail "etcd.external.endpoints: required when etcd.enabled is false" }}
{{- end }}
{{- if and .Values.etcd.enabled .Values.etcd.tls.enabled (not .Values.etcd.tls.secretName) }}
{{- fail "etcd.tls.secretName: required when etcd.tls.enabled (a kubernetes.io/tls Secret with ca.crt)" }}
{{- end }}
{{- if and (not .Values.etcd.enabled) .Values.etcd.external.clientAuth (not .Values.etcd.external.tlsSecretName) }}
{{- fail "etcd.external.tlsSecretName: required when etcd.external.clientAuth" }}
{{- end }}
{{- if and (not .Values.etcd.enabled) .Values.etcd.external.username (not .Values.etcd.external.passwordSecret.name) }}
{{- fail "etcd.external.passwordSecret.name: required with etcd.external.username" }}
{{- end }}
{{- if and .Values.rfc2136.enabled (not .Values.rfc2136.host) }}
{{- fail "rfc2136.host: required when rfc2136.enabled" }}
{{- end }}
{{- $tsig := and .Values.rfc2136.enabled (not .Values.rfc2136.insecure) (not .Values.rfc2136.gssTsig.enabled) }}
{{- if and $tsig (not .Values.rfc2136.tsigSecret.name) }}
{{- fail "rfc2136.tsigSecret.name: required when rfc2136.enabled (or set rfc2136.insecure for a test server)" }}
{{- end }}
{{- if and $tsig (not .Values.rfc2136.tsigKeyname) }}
{{- fail "rfc2136.tsigKeyname: required with the TSIG secret" }}
{{- end }}
{{- $gss := .Values.rfc2136.gssTsig }}
{{- if and .Values.rfc2136.enabled $gss.enabled (or (not $gss.kerberosUsername) (not $gss.kerberosRealm) (not $gss.kerberosPasswordSecret.name)) }}
{{- fail "rfc2136.gssTsig: kerberosUsername, kerberosRealm and kerberosPasswordSecret.name are required with GSS-TSIG" }}
{{- end }}
{{- if and .Values.rfc2136.enabled (not .Values.rfc2136.zone) (not .Values.edgeDNSZone) }}
{{- fail "rfc2136.zone: required when rfc2136.enabled and edgeDNSZone is empty" }}
{{- end }}
{{- if not (or .Values.coredns.enabled .Values.dns.enabled) }}
{{- fail "coredns.enabled or dns.enabled: at least one DNS server must serve the zone" }}
{{- end }}
{{- if and (eq .Values.service.target "coredns") (not .Values.coredns.enabled) }}
{{- fail "service.target: coredns is not enabled; use service.target=dns or enable coredns" }}
{{- end }}
{{- if and (eq .Values.service.target "dns") (not .Values.dns.enabled) }}
{{- fail "service.target: dns is not enabled; use service.target=coredns or enable dns" }}
{{- end }}
{{- end }}

{{/* The container security context every container gets. */}}
{{- define "wayfinder.securityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end }}

{{/* The component's affinity, or by default a soft spread of its replicas over nodes: (list $ "etcd" .Values.etcd.affinity). */}}
{{- define "wayfinder.affinity" -}}
{{- $ := index . 0 }}
{{- with index . 2 }}
{{- toYaml . }}
{{- else -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "wayfinder.selectorLabels" (list $ (index . 1)) | nindent 12 }}
{{- end }}
{{- end }}

{{/* RBAC for Gateway API / Istio references: k8gb's gatewayapi.enabled / istio.enabled when given, else rbac.gatewayApi / rbac.istio. */}}
{{- define "wayfinder.gatewayApiRbac" -}}
{{- $k8gb := (.Values.gatewayapi | default dict) }}
{{- if hasKey $k8gb "enabled" }}{{ if $k8gb.enabled }}true{{ end }}{{ else if .Values.rbac.gatewayApi }}true{{ end }}
{{- end }}

{{- define "wayfinder.istioRbac" -}}
{{- $k8gb := (.Values.istio | default dict) }}
{{- if hasKey $k8gb "enabled" }}{{ if $k8gb.enabled }}true{{ end }}{{ else if .Values.rbac.istio }}true{{ end }}
{{- end }}
