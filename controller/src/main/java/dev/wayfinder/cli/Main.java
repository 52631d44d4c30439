package dev.wayfinder.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wayfinder} command: the one entry point, whose subcommands are the programs. */
@Command(
        name = "wayfinder",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Publishes Kubernetes workloads in DNS (SkyDNS in etcd for stock CoreDNS, RFC 2136) and balances them across clusters.",
        subcommands = {CommandLine.HelpCommand.class, ControllerCommand.class, CorefileCommand.class, dev.wayfinder.server.cli.DnsCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run subcommands through it. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        CatalogueOptions.addTo(line.getSubcommands().get("controller").getCommandSpec());
        for (ExtraCommand extra : java.util.ServiceLoader.load(ExtraCommand.class)) {
            line.addSubcommand(extra);
        }
        return line;
    }

    /** The command line reading {@code env} instead of the process environment (system tests run ExternalDNS's arguments through it). */
    public static CommandLine commandLine(java.util.Map<String, String> env) {
        CommandLine line = commandLine();
        CommandLine controller = line.getSubcommands().get("controller");
        controller.setDefaultValueProvider(new ExternalDnsEnvironment(env));
        ((ControllerCommand) controller.getCommand()).env = env;
        return line;
    }

    @Override
    public void run() {
        // No subcommand: say what there is, and fail so scripts notice.
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Reads the version Maven stamped into the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"wayfinder " + (v == null ? "development build" : v)};
        }
    }
}
