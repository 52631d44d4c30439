package dev.wayfinder.demo.cluster;

import java.util.concurrent.Callable;

/** Reports the steps of starting and stopping clusters ("starting etcd for us-buf… 0.3 s"); silent in tests. */
public interface Progress {

    Progress SILENT = new Progress() {
        @Override
        public <T> T step(String what, Callable<T> work) throws Exception {
            return work.call();
        }
    };

    /** Runs {@code work}, reporting {@code what} and how long it took. */
    <T> T step(String what, Callable<T> work) throws Exception;
}
