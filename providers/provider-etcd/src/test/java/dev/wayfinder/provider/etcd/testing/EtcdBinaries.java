package dev.wayfinder.provider.etcd.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds executables: the Debian location first, then {@code PATH}. */
final class EtcdBinaries {

    private EtcdBinaries() {
    }

    static Optional<String> find(String name) {
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) {
            return Optional.of(debian.toString());
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name).toString());
            }
        }
        return Optional.empty();
    }
}
