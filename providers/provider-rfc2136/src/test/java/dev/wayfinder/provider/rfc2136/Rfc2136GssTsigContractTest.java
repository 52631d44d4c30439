package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static dev.wayfinder.provider.ContractFixtures.EXAMPLE_ORG;
import static dev.wayfinder.provider.ContractFixtures.ME;
import static dev.wayfinder.provider.ContractFixtures.RESOURCE;
import static dev.wayfinder.provider.ContractFixtures.mine;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.provider.DnsProvider;
import dev.wayfinder.provider.DnsProviderContract;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.rfc2136.testing.KerberosKdc;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole provider contract over GSS-TSIG (RFC 3645), the Windows secure-update protocol: a
 * Kerberos KDC in the JVM, a real named accepting GSS-TSIG contexts for {@code DNS/localhost}, and
 * every UPDATE and AXFR signed as {@code wayfinder@EXAMPLE.ORG}.
 */
class Rfc2136GssTsigContractTest extends DnsProviderContract {

    @RegisterExtension
    @Order(1)
    static final KerberosKdc KDC = new KerberosKdc();

    @RegisterExtension
    @Order(2)
    static final NamedProcess NAMED = NamedProcess.builder().zones("example.org", "example.com", "badexample.org")
            .gssTsig(KDC.serviceKeytab(), KDC.userPrincipal()).build();

    private static Rfc2136Config.Builder gss() {
        // The service principal is DNS/<host>: GSS-TSIG needs the server's name, not its address.
        return NAMED.config().hosts(List.of("localhost")).tsigKeyname("").tsigSecret("")
                .gssTsig(true).kerberosUsername(KerberosKdc.USER).kerberosPassword(KDC.password()).kerberosRealm("example.org");
    }

    @Override
    protected void resetStore() throws Exception {
        NAMED.wipe();
    }

    /** One login and one negotiated context for the class, as a running controller keeps them. */
    private static GssTsigTransport transport;

    @Override
    protected DnsProvider newProvider(DomainFilter filter) {
        Rfc2136Config config = gss().build();
        if (transport == null) {
            transport = new GssTsigTransport(config.kerberosPrincipal(), config.kerberosPassword(), java.time.Clock.systemUTC());
        }
        return new Rfc2136Provider(config, filter, transport);
    }

    @Test
    void updatesAreSignedAsTheKerberosPrincipal() throws Exception {
        provider.apply(Changes.create(mine("signed.example.org", RecordType.A, "192.0.2.1")));

        assertThat(NAMED.log()).contains("key wayfinder\\@EXAMPLE.ORG: updating zone 'example.org/IN': adding an RR at 'signed.example.org' A");
    }

    @Test
    void aWrongPasswordIsAPermanentErrorNamingThePrincipalAndNothingIsWritten() throws Exception {
        Rfc2136Provider wrong = new Rfc2136Provider(gss().kerberosPassword("not-the-password").build(), EXAMPLE_ORG);
        Endpoint www = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "", Metadata.owned(ME, RESOURCE));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> wrong.apply(Changes.create(www)));

        assertThat(e).isNotNull().hasMessageContaining("zone example.org").hasMessageContaining("wayfinder@EXAMPLE.ORG")
                .hasMessageNotContaining("not-the-password");
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(provider.records()).isEmpty();
    }
}
