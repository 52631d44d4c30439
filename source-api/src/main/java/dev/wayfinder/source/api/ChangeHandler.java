package dev.wayfinder.source.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * An informer handler for level-triggered loops: every add, update and delete says only "something
 * changed"; a resync delivering the same version again says nothing.
 */
public record ChangeHandler(Runnable onChange) implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata obj) {
        onChange.run();
    }

    @Override
    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
        if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
            onChange.run();
        }
    }

    @Override
    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
        onChange.run();
    }
}
