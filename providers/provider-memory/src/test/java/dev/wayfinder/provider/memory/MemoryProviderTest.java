package dev.wayfinder.provider.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wayfinder.model.Changes;
import dev.wayfinder.model.DnsName;
import dev.wayfinder.model.Endpoint;
import dev.wayfinder.model.Metadata;
import dev.wayfinder.model.RecordType;
import dev.wayfinder.model.Update;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** What the memory provider adds to the contract: strictness details, listeners, logging, concurrency. */
class MemoryProviderTest {

    private final MemoryProvider provider = new MemoryProvider(DomainFilter.of("example.org"));
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MemoryProvider.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    private static Endpoint a(String name, String... targets) {
        return new Endpoint(DnsName.of(name), RecordType.A, List.of(targets), 60, "", Metadata.owned("me", "service/default/web"));
    }

    private ProviderException refused(Changes changes) {
        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.apply(changes));
        assertThat(e).as("apply(%s) must fail", changes).isNotNull();
        assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        return e;
    }

    @Test
    void sameRecordSetTwiceInOneBatchIsRefusedNamingIt() {
        Endpoint www = a("www.example.org", "192.0.2.1");
        ProviderException e = refused(new Changes(List.of(www), List.of(), List.of(www)));

        assertThat(e).hasMessageContaining("www.example.org A").hasMessageContaining("more than once");
        assertThat(provider.records()).isEmpty();
    }

    @Test
    void messagesNameTheRecordAndTheReason() throws Exception {
        provider.apply(Changes.create(a("www.example.org", "192.0.2.1")));

        assertThat(refused(Changes.create(a("www.example.org", "192.0.2.2"))))
                .hasMessageContaining("www.example.org A: cannot create, it exists");
        assertThat(refused(Changes.delete(a("api.example.org", "192.0.2.2"))))
                .hasMessageContaining("api.example.org A: cannot delete, it does not exist");
        Endpoint theirs = a("www.example.org", "192.0.2.1").withMetadata(Metadata.owned("other", ""));
        assertThat(refused(Changes.delete(theirs)))
                .hasMessageContaining("cannot delete as owner 'other' (owned by 'me')");
    }

    @Test
    void everyProblemOfABatchIsReportedAtOnce() {
        ProviderException e = refused(Changes.create(a("x.example.com", "192.0.2.1"), a("y.example.org", "999.0.0.1")));

        assertThat(e).hasMessageContaining("x.example.com A: outside the domain filter example.org")
                .hasMessageContaining("y.example.org A: target '999.0.0.1' is not an IPv4 address");
    }

    @Test
    void anUpdateCannotChangeTheOwner() throws Exception {
        Endpoint mine = a("www.example.org", "192.0.2.1");
        provider.apply(Changes.create(mine));

        assertThat(refused(Changes.update(new Update(mine, mine.withMetadata(Metadata.owned("other", ""))))))
                .hasMessageContaining("cannot change the owner from 'me' to 'other'");
    }

    @Test
    void anUnownedRecordCanBeAdopted() throws Exception {
        Endpoint unowned = a("www.example.org", "192.0.2.1").withMetadata(Metadata.NONE);
        provider.apply(Changes.create(unowned));

        Endpoint adopted = unowned.withMetadata(Metadata.owned("me", "service/default/web"));
        provider.apply(Changes.update(new Update(unowned, adopted)));

        assertThat(provider.records()).containsExactly(adopted);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            A     | 10.0.0.1.           | is not an IPv4 address
            A     | 2001:db8::1         | is not an IPv4 address
            AAAA  | ::ffff:192.0.2.1    | is not an IPv6 address
            CNAME | 192.0.2.1           | is an address where a name is expected
            CNAME | a..example.org      | empty label
            SRV   | 10 web.example.org  | must be 'priority weight port target'
            SRV   | 10 5 70000 web.org  | port must be between 0 and 65535
            MX    | ten mx.example.org  | is not a number
            """)
    void targetsATypeCannotHoldAreRefused(RecordType type, String target, String reason) {
        Endpoint bad = new Endpoint(DnsName.of("bad.example.org"), type, List.of(target), 60, "", Metadata.NONE);

        assertThat(refused(Changes.create(bad))).hasMessageContaining("bad.example.org " + type).hasMessageContaining(reason);
    }

    @Test
    void anUpdateOrDeletePlannedAgainstAnOldReadFailsTransientlyAndChangesNothing() throws Exception {
        Endpoint read = a("www.example.org", "192.0.2.1");
        provider.apply(Changes.create(read));
        Endpoint theirs = read.withTargets(List.of("192.0.2.2"));
        provider.apply(Changes.update(new Update(read, theirs))); // another writer got there first

        for (Changes stale : List.of(Changes.update(new Update(read, read.withTargets(List.of("192.0.2.3")))), Changes.delete(read))) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.apply(stale));
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.TRANSIENT);
            assertThat(e).hasMessageContaining("www.example.org A: changed since it was read (now [192.0.2.2], read [192.0.2.1])");
            assertThat(provider.records()).containsExactly(theirs);
        }
    }

    @Test
    void aRecordSetWithoutTargetsIsRefused() {
        assertThat(refused(Changes.create(a("www.example.org")))).hasMessageContaining("has no targets");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            AAAA  | 2001:DB8:0:0:0:0:0:1    | 2001:db8::1
            A     | ::ffff:192.0.2.1        | 192.0.2.1
            CNAME | Web.Example.NET.        | web.example.net
            SRV   | 10  5 80   Web.example.org. | 10 5 80 web.example.org
            MX    | 10 MX.example.org       | 10 mx.example.org
            TXT   | ' Keep  As Is '         | ' Keep  As Is '
            """)
    void targetsAreStoredInTheirCanonicalForm(RecordType type, String target, String canonical) throws Exception {
        Endpoint e = new Endpoint(DnsName.of("www.example.org"), type, List.of(target), 60, "", Metadata.NONE);

        assertThat(provider.adjust(e).targets()).containsExactly(canonical);
        provider.apply(Changes.create(e));
        assertThat(provider.records()).containsExactly(provider.adjust(e));
    }

    @Test
    void listenersRunAfterEverySuccessfulChangeOnly() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<List<Endpoint>> seen = new ArrayList<>();
        provider.addChangeListener(calls::incrementAndGet);
        provider.addChangeListener(() -> seen.add(provider.records()));
        provider.addChangeListener(() -> {
            throw new IllegalStateException("a broken listener");
        });

        provider.apply(Changes.create(a("www.example.org", "192.0.2.1")));
        provider.apply(Changes.NONE);
        refused(Changes.create(a("www.example.org", "192.0.2.1")));

        assertThat(calls).hasValue(1);
        assertThat(seen).containsExactly(List.of(a("www.example.org", "192.0.2.1")));
        assertThat(provider.version()).isEqualTo(1);
    }

    @Test
    void viewsShareRecordsAndListenersButNotFilters() throws Exception {
        MemoryProvider all = provider.view(DomainFilter.ALL);
        AtomicInteger calls = new AtomicInteger();
        provider.addChangeListener(calls::incrementAndGet);

        all.apply(Changes.create(a("www.example.org", "192.0.2.1"), a("www.example.com", "192.0.2.2")));

        assertThat(provider.records()).extracting(e -> e.name().toString()).containsExactly("www.example.org");
        assertThat(all.records()).hasSize(2);
        assertThat(calls).hasValue(1);
    }

    @Test
    void everyMutationIsLoggedAtInfoNamingTheRecord() throws Exception {
        Endpoint www = a("www.example.org", "192.0.2.1");
        provider.apply(Changes.create(www));
        provider.apply(Changes.update(new Update(www, www.withTargets(List.of("192.0.2.2")))));
        provider.apply(Changes.delete(provider.records().get(0)));

        assertThat(logs.list).filteredOn(ev -> ev.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "created www.example.org A [192.0.2.1] ttl=60 owner=me",
                        "updated www.example.org A [192.0.2.1] ttl=60 owner=me -> www.example.org A [192.0.2.2] ttl=60 owner=me",
                        "deleted www.example.org A [192.0.2.2] ttl=60 owner=me");
    }

    @Test
    void concurrentWritersNeitherLoseNorDuplicateChanges() throws Exception {
        int writers = 4;
        int perWriter = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        provider.apply(Changes.create(a("h" + i + ".w" + writer + ".example.org", "192.0.2.1")));
                        assertThat(provider.records()).isNotEmpty();
                    }
                    return null;
                }));
            }
            // Everyone races for the same name too: exactly one create wins.
            List<Future<Boolean>> race = IntStream.range(0, writers).mapToObj(w -> pool.submit(() -> {
                try {
                    provider.apply(Changes.create(a("race.example.org", "192.0.2." + (w + 1))));
                    return true;
                } catch (ProviderException e) {
                    return false;
                }
            })).toList();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            long winners = 0;
            for (Future<Boolean> f : race) {
                winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(provider.records()).hasSize(writers * perWriter + 1);
            assertThat(provider.version()).isEqualTo(writers * perWriter + 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
