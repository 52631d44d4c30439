package dev.wayfinder.cli;

import dev.wayfinder.model.DnsName;
import dev.wayfinder.provider.etcd.EtcdConnection;
import dev.wayfinder.server.cli.EtcdOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code wayfinder corefile}: the stock CoreDNS server block that serves what the controller writes. */
@Command(name = "corefile", mixinStandardHelpOptions = true,
        description = "Prints the Corefile block that makes stock CoreDNS (etcd plugin, loadbalance) serve the controller's zones.")
public final class CorefileCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--domain-filter", "--zone"}, split = ",", required = true, description = "The zones; repeatable.")
    List<String> zones = new ArrayList<>();

    @Option(names = "--coredns-prefix", defaultValue = "/skydns/", description = "etcd key prefix. Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--port", defaultValue = "53", description = "CoreDNS listen port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    EtcdOptions etcd = new EtcdOptions();

    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String z : zones) {
            try {
                names.add(DnsName.of(z.trim()).toString());
            } catch (IllegalArgumentException e) {
                problems.add("--domain-filter: " + e.getMessage());
            }
        }
        if (prefix == null || !prefix.startsWith("/") || prefix.length() < 2) {
            problems.add("--coredns-prefix: '" + prefix + "' must be an absolute key path such as /skydns/");
        }
        EtcdConnection connection = EtcdConnection.fromEnvironment(etcd.merged(env));
        problems.addAll(connection.validate());
        if (!problems.isEmpty()) {
            err.println("invalid configuration:\n  - " + String.join("\n  - ", problems));
            err.flush();
            return 2;
        }
        out.print(render(names, prefix, port, connection));
        out.flush();
        return 0;
    }

    /** The Corefile block for these zones (normalised names), etcd prefix, port and etcd connection: what the command prints. */
    public static String render(List<String> zones, String prefix, int port, EtcdConnection etcd) {
        String zoneList = String.join(" ", zones);
        StringBuilder sb = new StringBuilder();
        sb.append(zones.stream().map(z -> z + ":" + port).reduce((a, b) -> a + " " + b).orElse("")).append(" {\n");
        sb.append("    etcd ").append(zoneList).append(" {\n");
        // CoreDNS's path has no trailing slash; ExternalDNS's --coredns-prefix has one.
        sb.append("        path ").append(prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix).append('\n');
        sb.append("        endpoint ").append(String.join(" ", etcd.endpoints())).append('\n');
        etcd.username().ifPresent(u -> sb.append("        credentials ").append(u).append(" {$ETCD_PASSWORD}\n"));
        if (etcd.usesTls()) {
            sb.append("        tls");
            etcd.certFile().ifPresent(c -> sb.append(' ').append(c).append(' ').append(etcd.keyFile().map(Object::toString).orElse("")));
            etcd.caFile().ifPresent(c -> sb.append(' ').append(c));
            sb.append('\n');
        }
        // loadbalance shuffles each answer's addresses, so a balanced name's targets share the first place (its only policy
        // CoreDNS can keep current from etcd: the weighted one reads per-address weights from a file).
        sb.append("    }\n    loadbalance\n    errors\n    log\n}\n");
        return sb.toString();
    }
}
