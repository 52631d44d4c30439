package dev.wayfinder.system.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs on stock CoreDNS. Without a CoreDNS binary its tests are skipped, each
 * with the reason and how to get CoreDNS; where CoreDNS is required (CI) they fail instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StockCoreDnsCondition.class)
public @interface RequiresStockCoreDns {
}
