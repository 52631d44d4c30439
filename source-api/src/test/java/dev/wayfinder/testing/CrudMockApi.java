package dev.wayfinder.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * fabric8's CRUD mock Kubernetes API for a test class, as {@code @EnableKubernetesMockClient(crud = true)} gives it
 * (HTTPS, a client trusting it, injected into {@code KubernetesClient} and {@code KubernetesMockServer} fields: static
 * ones once per class, instance ones per test), but stopped by {@link CrudMockApiExtension}, which tolerates the mock's
 * failure to stop in time (see there).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(CrudMockApiExtension.class)
public @interface CrudMockApi {
}
