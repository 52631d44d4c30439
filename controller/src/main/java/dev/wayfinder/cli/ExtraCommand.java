package dev.wayfinder.cli;

/**
 * A {@code wayfinder} subcommand shipped in another module and found on the class path through
 * {@link java.util.ServiceLoader} (the demo: the launcher's jar has it, the container image does not).
 * Implementations are picocli {@code @Command} classes with a public no-argument constructor.
 */
public interface ExtraCommand {
}
