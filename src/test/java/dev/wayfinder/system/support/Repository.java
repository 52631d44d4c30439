package dev.wayfinder.system.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root, from which the system tests read what ships: {@code deploy/}, {@code charts/}, examples. */
public final class Repository {

    private Repository() {
    }

    /** Surefire passes it; run elsewhere (an IDE), the root is the first ancestor with the Maven wrapper. */
    public static Path root() {
        String configured = System.getProperty("wayfinder.repository", "");
        if (!configured.isEmpty()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("deploy"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
    }

    /** A path below the root, for example {@code resolve("deploy", "examples", "bind")}. */
    public static Path resolve(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}
