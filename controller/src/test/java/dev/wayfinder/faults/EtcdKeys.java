package dev.wayfinder.faults;

import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;

final class EtcdKeys {

    private EtcdKeys() {
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
