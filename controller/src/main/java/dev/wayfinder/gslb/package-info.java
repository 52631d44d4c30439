/**
 * GSLB, k8gb-compatible: {@link dev.wayfinder.gslb.GslbParser} reads a Gslb of either API group (and
 * {@link dev.wayfinder.gslb.IngressAnnotations} an annotated Ingress) into a {@link dev.wayfinder.gslb.GslbPolicy};
 * {@link dev.wayfinder.gslb.GslbStrategy#decide} turns local health, peer targets and the previous decision into the
 * answer for {@code <host>}. Both are pure; health probing, peer polling and record writing live at the edges.
 */
package dev.wayfinder.gslb;
