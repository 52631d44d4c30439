package dev.wayfinder.system.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wayfinder.system.differential.DifferentialRig.Outcome;
import dev.wayfinder.system.differential.KnownDifferences.Verdict;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Differential test: {@code wayfinder dns} and stock CoreDNS's etcd plugin, over the same etcd,
 * must give the same reply to every generated question about every generated SkyDNS tree — header,
 * question and every section, in order — except where {@link KnownDifferences} recognises a row of
 * the table of intended differences in {@code dns-server/CONFORMANCE.md}.
 *
 * <p>jqwik generates the trees and questions from a fixed seed, so CI asks the same questions every
 * run; {@code jqwik.tries.default} (200 in {@code junit-platform.properties}) sets the number of
 * trees, {@value #QUESTIONS} questions each. {@code bench/differential.sh N} runs it with N trees.
 */
@AddLifecycleHook(SkipWithoutStockCoreDns.class)
class DifferentialTest {

    private static final Logger LOG = LoggerFactory.getLogger(DifferentialTest.class);
    static final int QUESTIONS = 50;

    static DifferentialRig rig;
    static final Tally TALLY = new Tally();

    @BeforeContainer
    static void start() {
        rig = DifferentialRig.start();
        LOG.info("differential run against {}", rig.coreDnsVersion());
    }

    /** The trees a run must cover: {@code -Djqwik.tries.default=N} where given (bench/differential.sh), else CI's 200. */
    static int expectedTrees() {
        return Integer.getInteger("jqwik.tries.default", 200);
    }

    @AfterContainer
    static void stop() {
        if (rig == null) {
            return;
        }
        LOG.info("differential run: {}", TALLY);
        rig.close();
        rig = null;
        // The run's size is part of what it proves (issue 11: 10,000 questions over 200 trees in CI).
        assertThat(TALLY.trees()).as("trees asked about").isGreaterThanOrEqualTo(expectedTrees());
        assertThat(TALLY.questions()).as("questions asked").isEqualTo(TALLY.trees() * QUESTIONS);
    }

    /** One tree and the questions asked about it. */
    record Case(SkyDnsTree tree, List<Question> questions) {
        @Override
        public String toString() {
            return "tree:\n" + tree + "questions: " + questions;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Generators.trees().flatMap(t -> Generators.questions(t).list().ofSize(QUESTIONS).map(qs -> new Case(t, qs)));
    }

    @Property(seed = "20261202", shrinking = ShrinkingMode.BOUNDED)
    void wayfinderDnsAnswersAsStockCoreDns(@ForAll("cases") Case c) {
        rig.load(c.tree());
        List<Outcome> outcomes = rig.ask(c.tree(), c.questions());
        TALLY.add(outcomes);

        List<Outcome> unexplained = outcomes.stream().filter(o -> o.verdict().kind() == Verdict.Kind.UNEXPLAINED).toList();
        assertThat(unexplained).as(() -> "replies that differ with no row of dns-server/CONFORMANCE.md to explain them, for the tree\n"
                + c.tree() + "\n" + String.join("\n", unexplained.stream().map(Outcome::toString).toList())).isEmpty();
    }
}
