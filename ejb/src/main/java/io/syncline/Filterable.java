package io.syncline;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An attribute of a {@link Synced} entity that subscriptions may filter on: {@code value} is its
 * name in the row's representation ({@code data}), {@code path} the JPA attribute path that
 * holds it (by default the same name), for instance {@code @Filterable(value = "boardId", path = "board.id")}.
 */
@Documented
@Target({})
@Retention(RetentionPolicy.RUNTIME)
public @interface Filterable {

    String value();

    String path() default "";
}
