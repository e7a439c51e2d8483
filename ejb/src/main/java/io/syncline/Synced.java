package io.syncline;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity whose committed changes Syncline delivers to subscribers. The persistence
 * unit's default entity listener ({@link SyncEntityListener}, declared in {@code orm.xml})
 * captures every entity that carries it.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface Synced {

    /** The name clients subscribe to; the JPA entity name when empty. */
    String value() default "";

    /** The attributes subscriptions may filter on; none by default. */
    Filterable[] filterable() default {};
}
