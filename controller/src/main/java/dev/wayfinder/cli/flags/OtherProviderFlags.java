package dev.wayfinder.cli.flags;

import java.util.List;

/** The flags of ExternalDNS's other providers: refused, since this controller publishes to CoreDNS (etcd) and RFC 2136 servers. */
final class OtherProviderFlags {

    private OtherProviderFlags() {
    }

    private static FlagRow other(String name, String provider) {
        return other(name, provider, "");
    }

    private static FlagRow other(String name, String provider, String edns) {
        return FlagRow.refused(name, edns, "provider " + provider + " is not supported: Wayfinder publishes to coredns (etcd) and rfc2136");
    }

    static final List<FlagRow> ROWS = List.of(
            other("alibaba-cloud-config-file", "alibabacloud"),
            other("alibaba-cloud-zone-type", "alibabacloud"),
            other("aws-api-retries", "aws"),
            other("aws-assume-role", "aws"),
            other("aws-assume-role-external-id", "aws"),
            other("aws-batch-change-interval", "aws"),
            other("aws-batch-change-size", "aws"),
            other("aws-batch-change-size-bytes", "aws"),
            other("aws-batch-change-size-values", "aws"),
            other("aws-evaluate-target-health", "aws", "true"),
            other("aws-prefer-cname", "aws", "false"),
            other("aws-profile", "aws"),
            other("aws-sd-create-tag", "aws-sd"),
            other("aws-sd-service-cleanup", "aws-sd", "false"),
            other("aws-zone-match-parent", "aws", "false"),
            other("aws-zone-tags", "aws"),
            other("aws-zone-type", "aws"),
            other("aws-zones-cache-duration", "aws"),
            other("azure-config-file", "azure"),
            other("azure-maxretries-count", "azure"),
            other("azure-resource-group", "azure"),
            other("azure-subscription-id", "azure"),
            other("azure-user-assigned-identity-client-id", "azure"),
            other("azure-zones-cache-duration", "azure"),
            other("cloudflare-custom-hostnames", "cloudflare", "false"),
            other("cloudflare-custom-hostnames-certificate-authority", "cloudflare"),
            other("cloudflare-custom-hostnames-min-tls-version", "cloudflare"),
            other("cloudflare-dns-records-per-page", "cloudflare"),
            other("cloudflare-proxied", "cloudflare", "false"),
            other("cloudflare-record-comment", "cloudflare"),
            other("cloudflare-region-key", "cloudflare"),
            other("cloudflare-regional-services", "cloudflare", "false"),
            other("exoscale-apienv", "exoscale"),
            other("exoscale-apikey", "exoscale"),
            other("exoscale-apisecret", "exoscale"),
            other("exoscale-apizone", "exoscale"),
            other("exoscale-zones-cache-duration", "exoscale"),
            other("godaddy-api-key", "godaddy"),
            other("godaddy-api-ote", "godaddy", "false"),
            other("godaddy-api-secret", "godaddy"),
            other("godaddy-api-ttl", "godaddy"),
            other("google-batch-change-interval", "google"),
            other("google-batch-change-size", "google"),
            other("google-project", "google"),
            other("google-zone-visibility", "google"),
            other("ns1-endpoint", "ns1"),
            other("ns1-ignoressl", "ns1", "false"),
            other("ns1-min-ttl", "ns1"),
            other("oci-auth-instance-principal", "oci", "false"),
            other("oci-compartment-ocid", "oci"),
            other("oci-config-file", "oci"),
            other("oci-zone-scope", "oci"),
            other("oci-zones-cache-duration", "oci"),
            other("ovh-api-rate-limit", "ovh"),
            other("ovh-enable-cname-relative", "ovh", "false"),
            other("ovh-endpoint", "ovh"),
            other("pdns-api-key", "pdns"),
            other("pdns-server", "pdns"),
            other("pdns-server-id", "pdns"),
            other("pdns-skip-tls-verify", "pdns", "false"),
            other("pihole-password", "pihole"),
            other("pihole-server", "pihole"),
            other("pihole-tls-skip-verify", "pihole", "false"),
            other("webhook-provider-read-timeout", "webhook"),
            other("webhook-provider-url", "webhook"),
            other("webhook-provider-write-timeout", "webhook"));
}
