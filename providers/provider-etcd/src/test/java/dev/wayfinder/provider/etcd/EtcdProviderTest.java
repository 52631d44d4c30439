package dev.wayfinder.provider.etcd;

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
import dev.wayfinder.model.skydns.SkyDnsKeys;
import dev.wayfinder.model.skydns.SkyDnsMapping;
import dev.wayfinder.provider.DomainFilter;
import dev.wayfinder.provider.ProviderException;
import dev.wayfinder.provider.etcd.testing.EtcdServerExtension;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Txn;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class EtcdProviderTest {

    @RegisterExtension
    static final EtcdServerExtension ETCD = new EtcdServerExtension();

    private static final SkyDnsMapping MAPPING = new SkyDnsMapping(SkyDnsKeys.defaults(), List.of(DnsName.of("example.org")), 300);
    private static final DomainFilter FILTER = DomainFilter.of("example.org");

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger providerLog = (Logger) LoggerFactory.getLogger(EtcdProvider.class);
    private final List<EtcdProvider> opened = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        ETCD.deletePrefix("/skydns/");
        logs.start();
        providerLog.addAppender(logs);
    }

    @AfterEach
    void release() {
        providerLog.detachAppender(logs);
        opened.forEach(EtcdProvider::close);
    }

    private EtcdProvider provider(Client client, EtcdProviderOptions options) {
        EtcdProvider p = new EtcdProvider(client, MAPPING, FILTER, options);
        opened.add(p);
        return p;
    }

    private EtcdProvider provider() {
        return provider(ETCD.client(), EtcdProviderOptions.defaults());
    }

    private static Endpoint mine(String name, RecordType type, String... targets) {
        return new Endpoint(DnsName.of(name), type, List.of(targets), 60, "", Metadata.owned("me", "service/default/web"));
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    private static void put(String key, String value) throws Exception {
        ETCD.client().getKVClient().put(bytes(key), bytes(value)).get(10, TimeUnit.SECONDS);
    }

    private static KeyValue get(String key) throws Exception {
        List<KeyValue> kvs = ETCD.client().getKVClient().get(bytes(key)).get(10, TimeUnit.SECONDS).getKvs();
        return kvs.isEmpty() ? null : kvs.get(0);
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void malformedForeignValuesAreLoggedWithTheirKeyAndSkipped() throws Exception {
        EtcdProvider provider = provider();
        Endpoint good = mine("good.example.org", RecordType.A, "192.0.2.1");
        provider.apply(Changes.create(good));
        put("/skydns/org/example/bad/x1", "{\"host\":5}");
        put("/skydns/org/example/bad/x2", "not json");
        put("/skydns/org/example/empty", "{}");

        List<Endpoint> records = provider.records();

        assertThat(records).containsExactly(provider.adjust(good));
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("/skydns/org/example/bad/x1", "host"))
                .anySatisfy(w -> assertThat(w).contains("/skydns/org/example/bad/x2", "invalid JSON"))
                .anySatisfy(w -> assertThat(w).contains("/skydns/org/example/empty", "neither host nor text"));
    }

    @Test
    void foreignExternalDnsRecordIsNeverTouched() throws Exception {
        EtcdProvider provider = provider();
        String foreignKey = "/skydns/org/example/www/5f3a9c21";
        put(foreignKey, "{\"host\":\"192.0.2.7\",\"ttl\":60,\"targetstrip\":1}");
        long revision = get(foreignKey).getModRevision();

        Endpoint foreign = new Endpoint(DnsName.of("www.example.org"), RecordType.A, List.of("192.0.2.7"), 60, "", Metadata.NONE);
        assertThat(provider.records()).containsExactly(foreign);

        ProviderException create = catchThrowableOfType(ProviderException.class,
                () -> provider.apply(Changes.create(mine("www.example.org", RecordType.A, "192.0.2.8"))));
        assertThat(create.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(create).hasMessageContaining(foreignKey).hasMessageContaining("has no owner");

        ProviderException delete = catchThrowableOfType(ProviderException.class,
                () -> provider.apply(Changes.delete(mine("www.example.org", RecordType.A, "192.0.2.7"))));
        assertThat(delete.kind()).isEqualTo(ProviderException.Kind.PERMANENT);

        Endpoint txt = mine("www.example.org", RecordType.TXT, "beside it");
        provider.apply(Changes.create(txt));

        assertThat(get(foreignKey).getModRevision()).as("the foreign key was not rewritten").isEqualTo(revision);
        assertThat(provider.records()).containsExactlyInAnyOrder(foreign, provider.adjust(txt));
    }

    @Test
    void concurrentWriteBetweenReadAndCommitIsDetectedAndNotOverwritten() throws Exception {
        EtcdProvider setup = provider();
        Endpoint before = mine("www.example.org", RecordType.A, "192.0.2.1");
        setup.apply(Changes.create(before));
        String key = MAPPING.toEntries(before).get(0).key();
        String theirs = "{\"host\":\"192.0.2.1\",\"ttl\":60,\"targetstrip\":1,\"owner\":\"other\"}";

        // Another writer takes the key over between this provider's read and its transaction.
        AtomicInteger interfered = new AtomicInteger();
        Client racing = interfering(ETCD.client(), () -> interfered.getAndIncrement() == 0
                ? ETCD.client().getKVClient().put(bytes(key), bytes(theirs))
                : CompletableFuture.completedFuture(null));
        EtcdProvider provider = provider(racing, EtcdProviderOptions.defaults());
        Endpoint stored = provider.records().get(0);

        ProviderException thrown = catchThrowableOfType(ProviderException.class, () -> provider.apply(
                Changes.update(new Update(stored, before.withTargets(List.of("192.0.2.2"))))));

        assertThat(interfered.get()).as("the race was staged").isGreaterThan(0);
        assertThat(thrown.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(thrown).hasMessageContaining(key).hasMessageContaining("owned by 'other'");
        assertThat(get(key).getValue().toString(StandardCharsets.UTF_8)).isEqualTo(theirs);
    }

    @Test
    void lostRaceOnAnotherKeyOfTheNameIsRetriedAndSucceeds() throws Exception {
        EtcdProvider setup = provider();
        Endpoint a = mine("www.example.org", RecordType.A, "192.0.2.1");
        Endpoint txt = mine("www.example.org", RecordType.TXT, "v1");
        setup.apply(Changes.create(a, txt));
        String txtKey = MAPPING.toEntries(txt).get(0).key();

        AtomicInteger interfered = new AtomicInteger();
        // Rewriting the TXT key (same value, new mod revision) is enough to fail the A update's guard.
        Client racing = interfering(ETCD.client(), () -> interfered.getAndIncrement() == 0
                ? ETCD.client().getKVClient().put(bytes(txtKey), bytes(MAPPING.toEntries(txt).get(0).json()))
                : CompletableFuture.completedFuture(null));
        EtcdProvider provider = provider(racing, EtcdProviderOptions.defaults());
        Endpoint stored = provider.records().stream().filter(e -> e.type() == RecordType.A).findFirst().orElseThrow();
        long roundTripsBefore = provider.roundTrips();

        Endpoint after = a.withTargets(List.of("192.0.2.9"));
        provider.apply(Changes.update(new Update(stored, after)));

        assertThat(interfered.get()).isGreaterThan(1);
        assertThat(provider.roundTrips() - roundTripsBefore).as("read, lost txn, read again, txn").isEqualTo(4);
        assertThat(provider.records()).contains(provider.adjust(after));
    }

    @Test
    void readsPageByPageAndAppliesLargeBatchesInSharedTransactions() throws Exception {
        EtcdProviderOptions small = new EtcdProviderOptions(java.time.Duration.ofSeconds(5), 3, java.time.Duration.ofMillis(50),
                java.time.Duration.ofSeconds(1), 2, 10, 7, 4);
        EtcdProvider provider = provider(ETCD.client(), small);
        List<Endpoint> many = IntStream.range(0, 50)
                .mapToObj(i -> mine("n" + i + ".bulk.example.org", RecordType.A, "192.0.2." + (i + 1))).toList();

        provider.apply(new Changes(many, List.of(), List.of()));
        long afterCreate = provider.roundTrips();

        assertThat(afterCreate).as("count and read an empty area, then 50 names in txns of 10 (a put and a compare each)")
                .isEqualTo(2 + 5);
        assertThat(provider.records()).containsExactlyInAnyOrderElementsOf(many.stream().map(provider::adjust).toList());
        assertThat(provider.roundTrips() - afterCreate).as("50 keys in pages of 7").isEqualTo(8);
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.INFO).hasSize(50)
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("etcd: create n"));
    }

    @Test
    void largeBatchInALargeAreaReadsOnlyItsOwnNames() throws Exception {
        EtcdProviderOptions small = EtcdProviderOptions.defaults().withBulk(4, 128, 2);
        EtcdProvider provider = provider(ETCD.client(), small);
        int others = 20 * ApplyRun.AREA_KEYS_PER_NAME;
        provider.apply(new Changes(IntStream.range(0, others)
                .mapToObj(i -> mine("o" + i + ".others.example.org", RecordType.A, "192.0.2.1")).toList(), List.of(), List.of()));
        List<Endpoint> mine = IntStream.range(0, 10)
                .mapToObj(i -> mine("m" + i + ".mine.example.org", RecordType.TXT, "t" + i)).toList();
        long before = provider.roundTrips();

        provider.apply(new Changes(mine, List.of(), List.of()));

        assertThat(provider.roundTrips() - before).as("count the area, read each of the 10 names, one txn").isEqualTo(1 + 10 + 1);
        assertThat(provider.records()).hasSize(others + 10).containsAll(mine.stream().map(provider::adjust).toList());
    }

    @Test
    void aNameTooLargeForOneTransactionIsRefusedNotSplit() throws Exception {
        EtcdProvider provider = provider(ETCD.client(), EtcdProviderOptions.defaults().withBulk(32, 4, 2));
        Endpoint wide = mine("wide.example.org", RecordType.A, "192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5");
        Endpoint narrow = mine("narrow.example.org", RecordType.A, "192.0.2.1");

        ProviderException thrown = catchThrowableOfType(ProviderException.class, () -> provider.apply(Changes.create(wide, narrow)));

        assertThat(thrown.kind()).isEqualTo(ProviderException.Kind.PERMANENT);
        assertThat(thrown).hasMessageContaining("wide.example.org: needs 5 operations");
        assertThat(provider.records()).containsExactly(provider.adjust(narrow));
    }

    /**
     * A client whose transactions first run {@code beforeCommit} (another writer's change) and then
     * commit: a racing writer staged at the narrowest seam, without blocking jetcd's threads.
     */
    private static Client interfering(Client real, Supplier<CompletableFuture<?>> beforeCommit) {
        KV kv = real.getKVClient();
        KV proxyKv = (KV) Proxy.newProxyInstance(KV.class.getClassLoader(), new Class<?>[] {KV.class}, (p, m, args) -> {
            Object result = invoke(m, kv, args);
            return m.getName().equals("txn") ? committingAfter((Txn) result, beforeCommit) : result;
        });
        return (Client) Proxy.newProxyInstance(Client.class.getClassLoader(), new Class<?>[] {Client.class},
                (p, m, args) -> m.getName().equals("getKVClient") ? proxyKv : invoke(m, real, args));
    }

    private static Txn committingAfter(Txn real, Supplier<CompletableFuture<?>> beforeCommit) {
        return (Txn) Proxy.newProxyInstance(Txn.class.getClassLoader(), new Class<?>[] {Txn.class}, (p, m, args) -> {
            if (m.getName().equals("commit")) {
                return beforeCommit.get().thenCompose(x -> real.commit());
            }
            invoke(m, real, args);
            return p;
        });
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
