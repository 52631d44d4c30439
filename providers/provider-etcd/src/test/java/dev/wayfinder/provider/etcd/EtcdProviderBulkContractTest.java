package dev.wayfinder.provider.etcd;

/** The provider contract with every batch on the bulk path: one read, names packed into shared transactions. */
class EtcdProviderBulkContractTest extends EtcdProviderContractTest {

    @Override
    EtcdProviderOptions options() {
        return EtcdProviderOptions.defaults().withBulk(0, 128, 4);
    }
}
