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
{{- join " " (include "wayfinder.effective" . | fromYaml).zones }}
{{- end }}

{{/*
The values that k8gb's values.yaml also sets, as this chart uses them. A k8gb values file (chart/k8gb/values.yaml of k8gb
v0.21: everything under `k8gb:`, plus coredns.serviceType and the `istio`/`gatewayapi` RBAC switches) is read with k8gb's
nesting and types, and where it says something it wins over this chart's own name for the same thing:
  k8gb.dnsZones[] {parentZone, loadBalancedZone, dnsZoneNegTTL} -> the zones and --dns-zones (k8gb's DNS_ZONES, negttl 300 when unset
  as in k8gb's _helpers.tpl); k8gb.dnsZone/edgeDNSZone (older k8gb) -> the zone and its parent; k8gb.clusterGeoTag;
  k8gb.extGslbClustersGeoTags (a comma-separated string); k8gb.edgeDNSServers (or the older k8gb.edgeDNSServer);
  k8gb.clusterExposedIPs; k8gb.nsRecordTTL; k8gb.glueAPrefix; k8gb.reconcileRequeueSeconds -> --interval (0: the default);
  k8gb.log.level; k8gb.deployRbac -> rbac.create; k8gb.serviceMonitor.enabled; k8gb.tolerations; k8gb.podAnnotations;
  coredns.serviceType -> the DNS Service's type. A k8gb values file turns the gslb source on, alone unless `sources` lists
  gslb itself. k8gb's own CoreDNS build (coredns.image k8s_crd) is replaced by stock CoreDNS.
*/}}
{{- define "wayfinder.effective" -}}
{{- $k := .Values.k8gb | default dict }}
{{- $isK8gb := not (empty $k) }}
{{- $zones := list }}
{{- $dnsZones := list }}
{{- $edgeZone := .Values.edgeDNSZone }}
{{- if $k.dnsZones }}
{{- range $k.dnsZones }}
{{- $zones = append $zones (trimSuffix "." .loadBalancedZone) }}
{{- $dnsZones = append $dnsZones (printf "%s:%s:%s" .parentZone .loadBalancedZone (toString (.dnsZoneNegTTL | default "300"))) }}
{{- end }}
{{- $edgeZone = "" }}
{{- else if $k.dnsZone }}
{{- $zones = list (trimSuffix "." $k.dnsZone) }}
{{- $edgeZone = $k.edgeDNSZone | default $edgeZone }}
{{- else }}
{{- $zones = list (trimSuffix "." .Values.dnsZone) }}
{{- end }}
{{- range .Values.extraDnsZones }}{{ $zones = append $zones (trimSuffix "." .) }}{{ end }}
{{- $ext := .Values.extGslbClustersGeoTags }}
{{- if hasKey $k "extGslbClustersGeoTags" }}{{ $ext = $k.extGslbClustersGeoTags }}{{ end }}
{{- if kindIs "string" $ext }}
{{- $parts := list }}
{{- range splitList "," $ext }}{{ if trim . }}{{ $parts = append $parts (trim .) }}{{ end }}{{ end }}
{{- $ext = $parts }}
{{- end }}
{{- $edge := .Values.edgeDNSServers }}
{{- if $k.edgeDNSServer }}{{ $edge = list $k.edgeDNSServer }}{{ else if $k.edgeDNSServers }}{{ $edge = $k.edgeDNSServers }}{{ end }}
{{- $sources := .Values.sources }}
{{- if and $isK8gb (not (has "gslb" $sources)) }}{{ $sources = list "gslb" }}{{ end }}
{{- $interval := .Values.controller.interval }}
{{- if and (hasKey $k "reconcileRequeueSeconds") (gt (int $k.reconcileRequeueSeconds) 0) }}{{ $interval = printf "%ds" (int $k.reconcileRequeueSeconds) }}{{ end }}
{{- $log := ($k.log | default dict).level | default .Values.controller.logLevel }}
{{- $serviceType := .Values.coredns.serviceType | default .Values.service.type }}
{{- $image := .Values.coredns.image }}
{{- $corednsImage := printf "%s:%s" $image.repository (toString $image.tag) }}
{{- if hasSuffix "k8s_crd" $image.repository }}{{ $corednsImage = "coredns/coredns:1.12.1" }}{{ end }}
{{- $monitor := .Values.serviceMonitor.enabled }}
{{- if ($k.serviceMonitor | default dict).enabled }}{{ $monitor = true }}{{ end }}
{{- $rbac := .Values.rbac.create }}
{{- if hasKey $k "deployRbac" }}{{ $rbac = $k.deployRbac }}{{ end }}
k8gb: {{ $isK8gb }}
zones: {{ toJson $zones }}
dnsZones: {{ join ";" $dnsZones | quote }}
edgeDNSZone: {{ $edgeZone | quote }}
clusterGeoTag: {{ $k.clusterGeoTag | default .Values.clusterGeoTag | quote }}
extGslbClustersGeoTags: {{ toJson $ext }}
edgeDNSServers: {{ toJson $edge }}
clusterExposedIPs: {{ toJson ($k.clusterExposedIPs | default .Values.clusterExposedIPs) }}
nsRecordTTL: {{ $k.nsRecordTTL | default .Values.nsRecordTTL }}
{{- if hasKey $k "glueAPrefix" }}
glueAPrefix: {{ $k.glueAPrefix | quote }}
{{- end }}
sources: {{ toJson $sources }}
interval: {{ $interval | quote }}
logLevel: {{ $log | quote }}
serviceType: {{ $serviceType | quote }}
corednsImage: {{ $corednsImage | quote }}
serviceMonitor: {{ $monitor }}
rbacCreate: {{ $rbac }}
tolerations: {{ toJson ($k.tolerations | default .Values.controller.tolerations) }}
podAnnotations: {{ toJson (merge (dict) (.Values.controller.podAnnotations | default dict) ($k.podAnnotations | default dict)) }}
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

{{/*
Which DNS server answers the load-balanced zones: wayfinder when gslb.servingDns says so (the one value that deploys
`wayfinder dns` and points the DNS Service at it) or when the DNS Service already fronts `wayfinder dns`; else coredns.
The controller is told (--gslb-serving-dns), so each Gslb says whether its strategy is served as asked.
*/}}
{{- define "wayfinder.servingDns" -}}
{{- if or (eq .Values.gslb.servingDns "wayfinder") (and (eq .Values.service.target "dns") .Values.dns.enabled) }}wayfinder{{ else }}coredns{{ end }}
{{- end }}

{{/* The server the DNS Service fronts: coredns or dns. */}}
{{- define "wayfinder.serviceTarget" -}}
{{- if eq (include "wayfinder.servingDns" .) "wayfinder" }}dns{{ else }}{{ .Values.service.target }}{{ end }}
{{- end }}

{{/* "true" when the server (list $ "coredns"|"dns") is deployed: its own enabled value, or gslb.servingDns for dns. */}}
{{- define "wayfinder.serverEnabled" -}}
{{- $root := index . 0 }}{{ $server := index . 1 }}
{{- if or (index $root.Values $server).enabled (and (eq $server "dns") (eq (include "wayfinder.servingDns" $root) "wayfinder")) }}true{{ end }}
{{- end }}

{{/* Cross-field checks the schema cannot express; each names the value to fix. */}}
{{- define "wayfinder.validate" -}}
{{- $v := include "wayfinder.effective" . | fromYaml }}
{{- if and (has "gslb" $v.sources) (not $v.clusterGeoTag) }}
{{- fail "clusterGeoTag: required when sources include gslb (this cluster's geo tag, e.g. us-buf)" }}
{{- end }}
{{- if and (has "gslb" $v.sources) (not .Values.gslb.peers) (not $v.extGslbClustersGeoTags) }}
{{- fail "gslb.peers or extGslbClustersGeoTags: the gslb source needs the other clusters, given directly or discovered at the edge" }}
{{- end }}
{{- if and $v.extGslbClustersGeoTags (or (not $v.edgeDNSServers) (and (not $v.edgeDNSZone) (not $v.dnsZones))) }}
{{- fail "edgeDNSServers and edgeDNSZone: required with extGslbClustersGeoTags (peers are looked up at the edge DNS)" }}
{{- end }}
{{- if (.Values.infoblox | default dict).enabled }}
{{- fail "infoblox.enabled: Wayfinder has no Infoblox edge provider; write the delegation with rfc2136.* (BIND, Windows DNS) or by hand" }}
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
{{- if and .Values.rfc2136.enabled (not .Values.rfc2136.zone) (not $v.edgeDNSZone) (not $v.dnsZones) }}
{{- fail "rfc2136.zone: required when rfc2136.enabled and edgeDNSZone is empty" }}
{{- end }}
{{- if not (or .Values.coredns.enabled (include "wayfinder.serverEnabled" (list . "dns"))) }}
{{- fail "coredns.enabled or dns.enabled: at least one DNS server must serve the zone" }}
{{- end }}
{{- if and (eq (include "wayfinder.serviceTarget" .) "coredns") (not .Values.coredns.enabled) }}
{{- fail "service.target: coredns is not enabled; use service.target=dns or enable coredns" }}
{{- end }}
{{- if and (eq .Values.service.target "dns") (not (include "wayfinder.serverEnabled" (list . "dns"))) }}
{{- fail "service.target: dns is not enabled; use service.target=coredns or enable dns" }}
{{- end }}
{{- if not (has .Values.gslb.servingDns (list "coredns" "wayfinder")) }}
{{- fail "gslb.servingDns: coredns or wayfinder" }}
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

{{/* The parent zones the delegation is written into: edgeDNSZone, or each k8gb.dnsZones[].parentZone; joined by spaces. */}}
{{- define "wayfinder.parentZones" -}}
{{- $v := include "wayfinder.effective" . | fromYaml }}
{{- if $v.edgeDNSZone }}{{ $v.edgeDNSZone }}{{ else }}
{{- $parents := list }}
{{- range $v.dnsZones | splitList ";" }}{{ if . }}{{ $parents = append $parents (first (splitList ":" .)) }}{{ end }}{{ end }}
{{- join " " (uniq $parents) }}
{{- end }}
{{- end }}
