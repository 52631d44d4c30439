package dev.wayfinder.gslb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** k8gb's {@code status}, plus Wayfinder's reason per host; {@link #toMap()} is what goes to the status subresource. */
public record GslbStatus(
        Map<String, String> serviceHealth,
        Map<String, List<String>> healthyRecords,
        String geoTag,
        List<String> hosts,
        Map<String, String> reasons) {

    public GslbStatus {
        serviceHealth = Map.copyOf(serviceHealth);
        healthyRecords = Map.copyOf(healthyRecords);
        hosts = List.copyOf(hosts);
        reasons = Map.copyOf(reasons);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serviceHealth", serviceHealth);
        m.put("healthyRecords", healthyRecords);
        m.put("geoTag", geoTag);
        m.put("hosts", String.join(", ", hosts));
        m.put("reasons", reasons);
        return m;
    }
}
