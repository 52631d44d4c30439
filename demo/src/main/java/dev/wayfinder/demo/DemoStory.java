package dev.wayfinder.demo;

import dev.wayfinder.demo.cluster.ClusterPair;
import dev.wayfinder.demo.cluster.Seed;
import dev.wayfinder.demo.timeline.Answer;
import dev.wayfinder.demo.timeline.StepResult;
import dev.wayfinder.demo.timeline.Timeline;
import dev.wayfinder.demo.timeline.TimelineText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seed's story as steps: publish the annotated Service, publish the failover Gslb, take the
 * primary's endpoints down, bring them back. Each step names what it does, the name it watches,
 * and what each cluster's DNS must answer once it has taken effect.
 */
final class DemoStory {

    /** @param settle after the step, wait until each cluster has polled the other again (so it knows the other's targets) */
    record Step(String label, String title, String name, Runnable action, Map<String, Answer> expected, boolean settle) {
        Step(String label, String title, String name, Runnable action, Map<String, Answer> expected) {
            this(label, title, name, action, expected, false);
        }
    }

    private DemoStory() {
    }

    static List<Step> steps(ClusterPair pair) {
        Answer primary = Answer.of(ClusterPair.BUF_IP);
        Answer secondary = Answer.of(ClusterPair.NYC_IP);
        return List.of(
                new Step("Service nginx", "publish the annotated Service nginx in " + ClusterPair.BUF + " (LoadBalancer " + Seed.NGINX_IP + ")",
                        Seed.NGINX_HOST, () -> pair.buf().publishNginx(Seed.NGINX_IP), Map.of(ClusterPair.BUF, Answer.of(Seed.NGINX_IP))),
                new Step("Gslb published", "publish the failover Gslb " + Seed.GSLB_NAME + " (primary " + ClusterPair.BUF + ") in both clusters",
                        Seed.GSLB_HOST, pair::publishFailoverGslb, both(primary), true),
                new Step("failover", "failover: " + ClusterPair.BUF + "'s " + Seed.BACKEND + " scaled to 0 (its endpoint not ready)",
                        Seed.GSLB_HOST, () -> pair.buf().setReady(false), both(secondary)),
                new Step("failback", "failback: " + ClusterPair.BUF + "'s " + Seed.BACKEND + " ready again",
                        Seed.GSLB_HOST, () -> pair.buf().setReady(true), both(primary)));
    }

    static Map<String, Answer> both(Answer answer) {
        Map<String, Answer> out = new LinkedHashMap<>();
        out.put(ClusterPair.BUF, answer);
        out.put(ClusterPair.NYC, answer);
        return out;
    }

    /** Runs the steps in order, printing each step's heading and changes; stops after the first step that misses its limit. */
    static List<StepResult> run(ClusterPair pair, List<Step> steps, Timeline timeline, Duration limit, Consumer<String> out) {
        List<StepResult> results = new ArrayList<>();
        int n = 1;
        for (Step step : steps) {
            out.accept("");
            out.accept(n++ + ". " + step.title());
            out.accept("   what each cluster's DNS answers for " + step.name() + ":");
            StepResult result = timeline.step(step.label(), step.name(), step.action(), step.expected(), limit);
            results.add(result);
            if (!result.complete()) {
                break;
            }
            if (step.settle()) {
                long t0 = System.nanoTime();
                boolean polled = pair.awaitPeersPolled(limit);
                out.accept("   each cluster learns the other's targets on its next peer poll: "
                        + (polled ? TimelineText.seconds(Duration.ofNanos(System.nanoTime() - t0)) : "not within " + TimelineText.seconds(limit)));
            }
        }
        return results;
    }
}
