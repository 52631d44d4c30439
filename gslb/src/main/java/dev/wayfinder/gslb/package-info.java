/**
 * GSLB, k8gb-compatible: {@link dev.wayfinder.gslb.GslbSource} is the {@code --source=gslb} source; the
 * composition root hands it its edges ({@link dev.wayfinder.gslb.GslbParts}). The parts, lowest first:
 * {@code strategy} (the pure decision and its types), {@code records} (what a host publishes), {@code api}
 * (the Gslb model, parsing both API groups and the annotations), {@code settings} (this cluster's checked flags
 * and its edge delegation), {@code health} (EndpointSlice readiness, the active probe), {@code peers} (polling
 * and discovery over DNS), {@code kube} (informers, bindings, managed and annotated Ingresses) and {@code status}
 * (status subresource, Events, metrics). Nothing here depends on the controller; {@code GslbArchitectureTest}
 * keeps it so.
 */
package dev.wayfinder.gslb;
