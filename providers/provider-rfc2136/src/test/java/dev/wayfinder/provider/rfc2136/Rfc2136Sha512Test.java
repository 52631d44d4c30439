package dev.wayfinder.provider.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.rfc2136.testing.NamedProcess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** hmac-sha512 end to end (the contract runs with hmac-sha256); a key of the wrong algorithm is refused. */
class Rfc2136Sha512Test {

    @RegisterExtension
    static final NamedProcess NAMED = NamedProcess.builder().zones("example.org").algorithm("hmac-sha512").wipeBeforeEach().build();

    @Test
    void createUpdateDeleteWithHmacSha512() throws Exception {
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().build(), DomainFilter.of("example.org"));
        Endpoint www = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.1"), 60, "",
                Metadata.owned("me", "ingress/default/www"));

        p.apply(Changes.create(www));
        assertThat(p.records()).containsExactly(www);

        Endpoint moved = www.withTargets(List.of("192.0.2.2", "192.0.2.3"));
        p.apply(Changes.update(new Update(www, moved)));
        assertThat(p.records()).containsExactly(moved);

        p.apply(Changes.delete(moved));
        assertThat(p.records()).isEmpty();
    }

    @Test
    void theRightSecretUnderTheWrongAlgorithmIsRefused() {
        Rfc2136Provider p = new Rfc2136Provider(NAMED.config().tsigSecretAlg("hmac-sha256").build(), DomainFilter.of("example.org"));

        ProviderException e = catchThrowableOfType(ProviderException.class, p::records);

        assertThat(e).isNotNull().hasMessageContaining("zone example.org").hasMessageContaining("'wayfinder-key' (hmac-sha256)");
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
    }
}
