package dev.wayfinder.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Lets every flag come from the environment as ExternalDNS allows: {@code --txt-owner-id} from
 * {@code EXTERNAL_DNS_TXT_OWNER_ID}, and so on (a repeatable flag takes a comma-separated value).
 * A flag on the command line wins.
 */
final class ExternalDnsEnvironment implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;

    /** Reads the process environment (what picocli instantiates). */
    ExternalDnsEnvironment() {
        this(System.getenv());
    }

    ExternalDnsEnvironment(Map<String, String> env) {
        this.env = env;
    }

    static String variable(String longName) {
        return "EXTERNAL_DNS_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option) {
            String value = env.get(variable(option.longestName()));
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return arg.defaultValue();
    }
}
