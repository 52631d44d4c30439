package dev.wayfinder.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wayfinder.charts.DeployManifestsTest.Repo;
import dev.wayfinder.controller.ControllerMetrics;
import dev.wayfinder.server.ops.DnsMetrics;
import dev.wayfinder.server.snapshot.SnapshotStore;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The Dockerfile and the Grafana dashboard. */
class DeployManifestsImageTest {

    static final Path ROOT = DeployManifestsTest.ROOT;
    static final Pattern METRIC = Pattern.compile("\\bwayfinder_[a-z0-9_]+");

    /** The Dockerfile's instructions (continuation lines joined, comments dropped), by stage. */
    static List<List<String>> stages() throws IOException {
        String text = Files.readString(ROOT.resolve("Dockerfile")).replaceAll("\\\\\\n", " ");
        List<List<String>> stages = new ArrayList<>();
        for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
            if (line.regionMatches(true, 0, "FROM ", 0, 5)) {
                stages.add(new ArrayList<>());
            }
            assertThat(stages).as("an instruction before the first FROM: " + line).isNotEmpty();
            stages.get(stages.size() - 1).add(line);
        }
        return stages;
    }

    static Stream<String> instructions(List<String> stage, String keyword) {
        return stage.stream().filter(l -> l.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
                .map(l -> l.substring(keyword.length() + 1).strip());
    }

    @Test
    void theRuntimeStageRunsTheJarAsANumericNonRootUser() throws IOException {
        List<List<String>> stages = stages();
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        List<String> runtime = stages.get(stages.size() - 1);

        List<String> users = instructions(runtime, "USER").toList();
        assertThat(users).as("USER in the runtime stage").isNotEmpty();
        String user = users.get(users.size() - 1);
        assertThat(user).as("numeric uid[:gid], so runAsNonRoot can check it").matches("\\d+(:\\d+)?");
        assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isPositive();
        assertThat(instructions(runtime, "ENTRYPOINT")).containsExactly("[\"java\", \"-jar\", \"/app/wayfinder.jar\"]");
        assertThat(instructions(runtime, "RUN")).as("the runtime stage needs no shell").isEmpty();
        assertThat(instructions(runtime, "COPY")).anyMatch(c -> c.contains("controller/target/wayfinder.jar") && c.endsWith("/app/wayfinder.jar"))
                .anyMatch(c -> c.contains("controller/target/lib/") && c.endsWith("/app/lib/"));
        // Nothing written to / at run time: the JVM's temporary files go to /tmp (an emptyDir in the Deployment).
        assertThat(instructions(runtime, "ENV")).anyMatch(e -> e.contains("-Djava.io.tmpdir=/tmp") && e.contains("-XX:-UsePerfData"));
        Deployment controller = Repo.controller(Repo.build(DeployManifestsTest.DEPLOY.resolve("base")));
        assertThat(controller.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser())
                .isEqualTo(Long.parseLong(user.split(":")[0]));
    }

    @Test
    void theBuildStageUsesTheWrapperForTheControllerAndNothingIsFetchedByUrl() throws IOException {
        List<List<String>> stages = stages();
        assertThat(instructions(stages.get(0), "RUN")).anyMatch(r -> r.contains("./mvnw") && r.contains("-DskipTests")
                && r.contains("package") && r.contains("-pl controller -am"));
        assertThat(stages.stream().flatMap(s -> instructions(s, "ADD"))).as("ADD of a URL").noneMatch(a -> a.matches("(?s).*\\b(https?|ftp)://.*"));
        assertThat(stages.stream().flatMap(s -> instructions(s, "FROM"))).allSatisfy(f -> assertThat(f).contains(":"));
        // The jar the runtime stage copies is the one controller/pom.xml names.
        assertThat(Files.readString(ROOT.resolve("controller/pom.xml"))).contains("<finalName>wayfinder</finalName>");
    }

    @Test
    void theBaseRunsTheImageTheImageProfileBuilds() throws IOException {
        Deployment controller = Repo.controller(Repo.build(DeployManifestsTest.DEPLOY.resolve("base")));
        String image = controller.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        JsonNode images = Repo.yamlDocuments(DeployManifestsTest.DEPLOY.resolve("base/kustomization.yaml")).get(0).path("images");
        String pom = Files.readString(ROOT.resolve("controller/pom.xml"));
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(version.find()).isTrue();
        // The profile tags wayfinder:<project version>; the base's images entry sets that tag on the controller.
        assertThat(pom).contains("<image.name>wayfinder:${project.version}</image.name>");
        assertThat(images).anySatisfy(i -> {
            assertThat(i.path("name").asText()).isEqualTo(image);
            assertThat(image + ":" + i.path("newTag").asText()).isEqualTo("wayfinder:" + version.group(1));
        });
    }

    @Test
    void dockerignoreKeepsTheSourcesTheBuildStageNeeds() throws IOException {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignored).contains(".git", "**/target").doesNotContain("*", "**", "mvnw", ".mvn", "pom.xml", "**/pom.xml", "**/src");
    }

    /** Every sample name the real meters produce, scraped from a Prometheus registry they were registered on. */
    static Set<String> scrapedNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ControllerMetrics(registry);
        // The query counters are created on first use: answer one query so they exist.
        new DnsMetrics(registry, new SnapshotStore(Clock.systemUTC())).answered(Type.A, Rcode.NOERROR, 1_000, false);
        return registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The GSLB meters appear per Gslb host, peer and probe as those appear, so their names are read from the
     * source under gslb/src/main: each {@code Gauge|Counter|Timer.builder(NAME or "literal")} gives the
     * sample names micrometer's Prometheus registry produces for that meter type (a timer's {@code _bucket}
     * only with a histogram); a {@code wayfinder_gslb_*} constant not seen in a builder counts as itself
     * (a counter helper's name ends in {@code _total} already).
     */
    static Set<String> gslbSampleNames() throws IOException {
        Pattern constant = Pattern.compile("static final String ([A-Z_][A-Z0-9_]*) = \"(wayfinder_gslb_[a-z0-9_]+)\"");
        Pattern builder = Pattern.compile("\\b(Gauge|Counter|Timer)\\.builder\\(\\s*([A-Z_][A-Z0-9_]*|\"wayfinder_gslb_[a-z0-9_]+\")");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("gslb/src/main/java/dev/wayfinder/gslb"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(f);
                java.util.Map<String, String> constants = new java.util.HashMap<>();
                Matcher c = constant.matcher(source);
                while (c.find()) {
                    constants.put(c.group(1), c.group(2));
                }
                Set<String> built = new TreeSet<>();
                Matcher b = builder.matcher(source);
                while (b.find()) {
                    String arg = b.group(2);
                    String name = arg.startsWith("\"") ? arg.substring(1, arg.length() - 1) : constants.get(arg);
                    if (name == null) {
                        continue;
                    }
                    built.add(name);
                    String statement = source.substring(b.start(), Math.max(b.start(), source.indexOf(';', b.start())));
                    String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
                    switch (b.group(1)) {
                        case "Counter" -> names.add(base + "_total");
                        case "Timer" -> {
                            names.addAll(List.of(base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max"));
                            if (statement.contains("publishPercentileHistogram") || statement.contains("serviceLevelObjectives")) {
                                names.add(base + "_seconds_bucket");
                            }
                        }
                        default -> names.add(name);
                    }
                }
                constants.values().stream().filter(n -> !built.contains(n)).forEach(names::add);
            }
        }
        return names;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/wayfinder-dashboard.json").toFile());
    }

    static Set<String> queriedMetrics(JsonNode dashboard) {
        Set<String> out = new TreeSet<>();
        List<String> exprs = dashboard.findValues("expr").stream().map(JsonNode::asText).collect(Collectors.toCollection(ArrayList::new));
        dashboard.path("templating").path("list").forEach(v -> exprs.add(v.path("definition").asText("")));
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    @Test
    void theDashboardIsAGrafanaDashboardOnAPrometheusDatasourceVariable() throws IOException {
        JsonNode d = dashboard();
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(d.path("templating").path("list")).anySatisfy(v -> {
            assertThat(v.path("type").asText()).isEqualTo("datasource");
            assertThat(v.path("query").asText()).isEqualTo("prometheus");
            assertThat(v.path("name").asText()).isEqualTo("datasource");
        });
        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(panels::add);
        assertThat(panels).filteredOn(p -> p.path("type").asText().equals("row")).extracting(p -> p.path("title").asText())
                .anyMatch(t -> t.startsWith("Controller")).anyMatch(t -> t.startsWith("DNS server")).anyMatch(t -> t.startsWith("GSLB"));
        assertThat(panels).filteredOn(p -> !p.path("type").asText().equals("row")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo("${datasource}");
            assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
        });
        Set<Integer> ids = new TreeSet<>();
        panels.forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("panel id " + p.path("id")).isTrue());
    }

    @Test
    void everyMetricTheDashboardQueriesIsProducedByTheCode() throws IOException {
        Set<String> scraped = scrapedNames();
        Set<String> gslb = gslbSampleNames();
        Set<String> queried = queriedMetrics(dashboard());
        assertThat(scraped).as("the scrape itself").contains("wayfinder_controller_reconcile_duration_seconds_bucket", "wayfinder_dns_queries_total");
        assertThat(queried).as("metrics the dashboard queries").isNotEmpty()
                .anyMatch(m -> m.startsWith("wayfinder_controller_")).anyMatch(m -> m.startsWith("wayfinder_dns_"))
                .anyMatch(m -> m.startsWith("wayfinder_gslb_"));
        assertThat(gslb).as("GSLB names read from the source").contains("wayfinder_gslb_healthy_records", "wayfinder_gslb_failovers_total");
        List<String> unknown = queried.stream().filter(m -> !(m.startsWith("wayfinder_gslb_") ? gslb : scraped).contains(m)).toList();
        assertThat(unknown).as("queried but produced by no meter (scraped: %s; GSLB names in the source: %s)", scraped, gslb).isEmpty();
    }
}
