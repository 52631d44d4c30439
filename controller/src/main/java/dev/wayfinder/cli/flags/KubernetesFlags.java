package dev.wayfinder.cli.flags;

import static dev.wayfinder.cli.flags.FlagRow.alwaysOn;
import static dev.wayfinder.cli.flags.FlagRow.implemented;
import static dev.wayfinder.cli.flags.FlagRow.refused;

import java.util.List;

/** ExternalDNS's flags for the Kubernetes API client and what objects are read. */
final class KubernetesFlags {

    private KubernetesFlags() {
    }

    static final List<FlagRow> ROWS = List.of(
            implemented("server", "", "the Kubernetes API server URL (default: in-cluster or the kubeconfig's)"),
            implemented("kubeconfig", "", "kubeconfig file (default: in-cluster, else ~/.kube/config)"),
            implemented("request-timeout", "30s", "deprecated name of --kube-api-request-timeout; used when that is not set"),
            implemented("kube-api-request-timeout", "30s", "timeout of each Kubernetes API request; 0s: none"),
            implemented("kube-api-qps", "5", "requests per second to the Kubernetes API (a token bucket); must be above 0"),
            implemented("kube-api-burst", "10", "burst of requests to the Kubernetes API above --kube-api-qps; must be above 0"),
            implemented("namespace", "", "read objects of this namespace only (default: all)"),
            implemented("label-filter", "", "read objects whose labels match this selector"),
            implemented("annotation-filter", "", "read objects whose annotations match this selector"),
            FlagRow.differs("annotation-prefix", "external-dns.kubernetes.io/", "",
                    "read ExternalDNS's annotations under this prefix only; unset: external-dns.kubernetes.io/, then"
                    + " external-dns.alpha.kubernetes.io/ for keys it does not set"),
            alwaysOn("listen-endpoint-events", "false", "EndpointSlice changes always trigger a pass here"),
            refused("resolve-service-load-balancer-hostname", "false", "load-balancer host names are published as CNAMEs;"
                    + " resolving them once would pin addresses their owner changes"));
}
