package dev.wayfinder.bench.controller;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * With BENCH_JFR=DIR, a JFR profile of the single-change phase alone ({@code DIR/changes-N.jfr}), apart
 * from the whole run's: the cold start would otherwise dominate what one change costs.
 */
final class ChangesRecording implements AutoCloseable {

    private final Recording recording;
    private final Path file;

    private ChangesRecording(Recording recording, Path file) {
        this.recording = recording;
        this.file = file;
    }

    static ChangesRecording start(int services) throws IOException, ParseException {
        String dir = System.getenv("BENCH_JFR");
        if (dir == null || dir.isBlank()) {
            return new ChangesRecording(null, null);
        }
        Recording r = new Recording(Configuration.getConfiguration("profile"));
        r.start();
        return new ChangesRecording(r, Path.of(dir, "changes-" + services + ".jfr"));
    }

    @Override
    public void close() throws IOException {
        if (recording != null) {
            recording.stop();
            recording.dump(file);
            recording.close();
        }
    }
}
