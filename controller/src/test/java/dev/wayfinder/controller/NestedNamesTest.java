package dev.wayfinder.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.source.api.EventSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NestedNamesTest {

    final List<String> posted = new ArrayList<>();
    final NestedNames nested = new NestedNames((resource, reason, warning, message) -> {
        assertThat(reason).isEqualTo(EventSink.Reason.NESTED);
        assertThat(warning).isTrue();
        posted.add(resource + ": " + message);
    });

    static Endpoint a(String name, String resource, String group) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of("10.0.0.1"), 60, "", Metadata.owned("", resource).withGroup(group));
    }

    @Test
    void aPlainNameWithNamesBeneathItIsToldWhatCoreDnsAnswersOnceWhileItLasts() {
        List<Endpoint> desired = List.of(a("www.foowidgets.k8s", "service/default/www", ""), a("a.www.foowidgets.k8s", "ingress/default/a", ""),
                a("app.foowidgets.k8s", "gslb/apps/app", "app.foowidgets.k8s"),
                a("v2.app.foowidgets.k8s", "gslb/apps/v2", "v2.app.foowidgets.k8s"));

        nested.report(desired);
        nested.report(desired);

        // The Gslb's host is the Gslb's to tell (its status and Events); its grouped neighbour stays out of its answer anyway.
        assertThat(posted).containsExactly("service/default/www: www.foowidgets.k8s has published names beneath it: CoreDNS's etcd plugin"
                + " reads the whole subtree of www.foowidgets.k8s, so A/AAAA questions for it also get the targets of a.www.foowidgets.k8s"
                + " (ingress/default/a)");

        nested.report(List.of(desired.get(0)));
        nested.report(desired);
        assertThat(posted).hasSize(2);
    }
}
