package dev.wayfinder.provider.etcd.testing;

import java.io.IOException;
import java.nio.file.Path;

/** One way of running etcd: a local process or a container. */
interface EtcdServer {

    /** Starts the server and returns once it reports itself healthy. */
    void start() throws IOException;

    /** Kills the server if it runs; keeps its data. */
    void stop();

    String clientUrl();

    Path logFile();
}
