package dev.wayfinder.gslb.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wayfinder.gslb.strategy.GslbPolicy;
import dev.wayfinder.gslb.strategy.StrategyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** k8gb's deprecated path: an Ingress annotated {@code k8gb.io/strategy} stands for a Gslb with that strategy. */
public final class IngressAnnotations {

    public static final String STRATEGY = "k8gb.io/strategy";
    public static final String PRIMARY_GEO_TAG = "k8gb.io/primary-geotag";
    public static final String DNS_TTL_SECONDS = "k8gb.io/dns-ttl-seconds";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngressAnnotations() {
    }

    /** Empty when the Ingress is not opted in; otherwise the strategy, or every problem naming its annotation. */
    public static Optional<GslbStrategySpec> strategy(String object, Map<String, String> annotations) {
        if (annotations == null || !annotations.containsKey(STRATEGY)) {
            return Optional.empty();
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("type", annotations.get(STRATEGY));
        Optional.ofNullable(annotations.get(PRIMARY_GEO_TAG)).ifPresent(v -> s.put("primaryGeoTag", v));
        Optional.ofNullable(annotations.get(DNS_TTL_SECONDS)).ifPresent(v -> s.put("dnsTtlSeconds", v.trim()));
        List<String> problems = new ArrayList<>();
        GslbStrategySpec spec = GslbParser.strategy(s, "strategy", problems);
        // k8gb v0.21 controllers/handlers.go lines 236-240: failover from annotations needs k8gb.io/primary-geotag (a Gslb
        // itself does not).
        if (spec.type() == StrategyType.FAILOVER && spec.primaryGeoTag().isEmpty()) {
            problems.add(0, "strategy.primaryGeoTag: required for failover");
        }
        if (!problems.isEmpty()) {
            throw new GslbValidationException(object, problems.stream().map(IngressAnnotations::annotationName).toList());
        }
        return Optional.of(spec);
    }

    /** The full policy for an opted-in Ingress: its k8gb annotations plus Wayfinder's extras ({@link PolicyAnnotations}). */
    public static Optional<GslbPolicy> policy(String object, Map<String, String> annotations) {
        Optional<GslbStrategySpec> strategy = strategy(object, annotations);
        if (strategy.isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        GslbPolicy policy = PolicyAnnotations.apply(strategy.get().toPolicy(), annotations, problems);
        if (!problems.isEmpty()) {
            throw new GslbValidationException(object, problems);
        }
        return Optional.of(policy);
    }

    private static String annotationName(String problem) {
        return problem.replace("strategy.type", "metadata.annotations[" + STRATEGY + "]")
                .replace("strategy.primaryGeoTag", "metadata.annotations[" + PRIMARY_GEO_TAG + "]")
                .replace("strategy.dnsTtlSeconds", "metadata.annotations[" + DNS_TTL_SECONDS + "]");
    }
}
