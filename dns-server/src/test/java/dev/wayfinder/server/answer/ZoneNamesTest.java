package dev.wayfinder.server.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Zone arguments normalised like CoreDNS's {@code NormalizeExact}: names lower-cased and qualified, CIDRs as reverse zones. */
class ZoneNamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Example.ORG|example.org.",
        "example.org.|example.org.",
        "10.0.0.0/24|0.0.10.in-addr.arpa.",
        "10.0.0.7/24|0.0.10.in-addr.arpa.",
        "10.0.0.0/8|10.in-addr.arpa.",
        "172.16.0.0/12|16.172.in-addr.arpa. 17.172.in-addr.arpa. 18.172.in-addr.arpa. 19.172.in-addr.arpa. "
                + "20.172.in-addr.arpa. 21.172.in-addr.arpa. 22.172.in-addr.arpa. 23.172.in-addr.arpa. "
                + "24.172.in-addr.arpa. 25.172.in-addr.arpa. 26.172.in-addr.arpa. 27.172.in-addr.arpa. "
                + "28.172.in-addr.arpa. 29.172.in-addr.arpa. 30.172.in-addr.arpa. 31.172.in-addr.arpa.",
        "10.0.0.0/23|0.0.10.in-addr.arpa. 1.0.10.in-addr.arpa.",
        "10.1.2.3/32|3.2.1.10.in-addr.arpa.",
        "0.0.0.0/0|in-addr.arpa.",
        "2001:db8::/32|8.b.d.0.1.0.0.2.ip6.arpa.",
        "2001:db8::/31|8.b.d.0.1.0.0.2.ip6.arpa. 9.b.d.0.1.0.0.2.ip6.arpa."})
    void namesAndCidrs(String zone, String expected) {
        assertThat(ZoneNames.normalize(List.of(zone))).containsExactlyElementsOf(Arrays.asList(expected.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"10.0.0.0/24|1.0.0.10.in-addr.arpa.|0.0.10.in-addr.arpa.", "10.0.0.0/23|1.1.0.10.in-addr.arpa.|1.0.10.in-addr.arpa."})
    void aCidrZoneAnswersItsReverseNames(String zone, String query, String soaOwner) {
        Answerer answerer = new Answerer(List.of(zone), dev.wayfinder.model.skydns.SkyDnsKeys.defaults(), Upstream.NONE,
                AddressPolicy.NONE, Fixtures.CLOCK);

        Message reply = answerer.answer(dev.wayfinder.server.snapshot.ZoneSnapshot.empty(), Fixtures.query(query, Type.PTR), null);

        assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(reply.getSection(Section.AUTHORITY).get(0).getName().toString()).isEqualTo(soaOwner);
    }
}
