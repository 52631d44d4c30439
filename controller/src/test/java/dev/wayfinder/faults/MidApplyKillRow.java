package dev.wayfinder.faults;

import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.options.GetOption;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Row: a controller in a JVM of its own, killed with SIGKILL while its first pass writes {@code names}
 * names; while none runs, {@code changes} Services are deleted, as many changed and as many created; then a
 * new controller starts. The dead one's writer key stays until its etcd lease runs out (10 s), and the new
 * one writes nothing until then (it cannot tell a dead writer from a stalled one). What must hold: the new
 * controller converges to exactly the desired names: nothing half-written left, no ghost, nothing lost.
 */
public final class MidApplyKillRow {

    /**
     * @param atKill    names etcd held when the first controller was killed
     * @param toCurrent from the second controller's start to etcd holding exactly the desired names
     */
    public record Result(int names, long atKill, Duration toCurrent, Published.Difference after) {
        public String figure() {
            return ("killed with %d of %d names written; the next controller current %.2f s after it started (JVM start and the dead writer's"
                    + " 10 s lease included); %d lost, %d ghosts").formatted(atKill, names, toCurrent.toMillis() / 1000.0, after.lost(), after.ghosts());
        }
    }

    private MidApplyKillRow() {
    }

    public static Result run(Rig rig, Path dir, int names, int changes, Duration limit) throws Exception {
        rig.fleet.create(0, names);
        Map<String, String> env = new HashMap<>(rig.env());
        env.putAll(MockApi.env(rig.api.address()));
        long atKill;
        // The first controller reaches etcd over a slow link: its first pass packs the names into a few large
        // transactions, several in flight, which on loopback all commit within milliseconds of the first, before
        // a kill could land between them. At 128 KiB/s the pass takes about a second.
        URI etcd = URI.create(rig.etcd.clientUrl());
        try (TcpLink slow = new TcpLink(new InetSocketAddress(etcd.getHost(), etcd.getPort()));
             ControllerUnderTest first = ControllerUnderTest.process(rig.args(), slowEtcd(env, slow), dir.resolve("controller-1.log"))) {
            slow.throttle(128 * 1024);
            try {
                await("the first names written").atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).until(() -> keys(rig) > 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new IllegalStateException("the first controller wrote nothing; its log:\n" + ControllerUnderTest.tail(dir.resolve("controller-1.log")), e);
            }
            first.kill();
            atKill = keys(rig);
        }
        for (int i = 0; i < changes; i++) {
            rig.fleet.delete(i);
            rig.fleet.retarget(changes + i, 3);
            rig.fleet.create(names + i, Fleet.address(names + i, 0));
        }
        long started = System.nanoTime();
        try (ControllerUnderTest second = ControllerUnderTest.process(rig.args(), env, dir.resolve("controller-2.log"))) {
            rig.awaitCurrent(limit);
            return new Result(names, atKill, Duration.ofNanos(System.nanoTime() - started), rig.difference());
        }
    }

    private static Map<String, String> slowEtcd(Map<String, String> env, TcpLink slow) {
        Map<String, String> viaLink = new HashMap<>(env);
        viaLink.put("ETCD_URLS", "http://127.0.0.1:" + slow.address().getPort());
        return viaLink;
    }

    /** The names' A record keys in etcd (one per name: each has one address; their ownership records sit under {@code a-svc-…}). */
    private static long keys(Rig rig) throws Exception {
        return rig.etcd.client().getKVClient().get(EtcdKeys.bytes("/skydns/test/faults/svc-"), GetOption.builder().isPrefix(true).withCountOnly(true)
                .build()).get(5, TimeUnit.SECONDS).getCount();
    }
}
