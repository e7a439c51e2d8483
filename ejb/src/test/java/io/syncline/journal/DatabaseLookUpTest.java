package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.Context;
import javax.naming.NameNotFoundException;
import org.junit.jupiter.api.Test;

/** How {@code syncline.datasource} is looked up: one name for Payara (as it is) and WildFly (under java:/). */
class DatabaseLookUpTest {

    private final List<String> asked = new ArrayList<>();

    /** A naming context that holds {@code bound} and records every name it is asked for. */
    private Context holding(Map<String, Object> bound) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("lookup") || !(args[0] instanceof String name)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.add(name);
                    if (!bound.containsKey(name)) {
                        throw new NameNotFoundException(name);
                    }
                    return bound.get(name);
                });
    }

    @Test
    void aNameBoundAsItIsIsFoundAsItIs() throws Exception {
        Object payaras = new Object();

        assertThat(Database.lookUp(holding(Map.of("jdbc/NotesDS", payaras)), "jdbc/NotesDS")).isSameAs(payaras);
        assertThat(asked).containsExactly("jdbc/NotesDS");
    }

    @Test
    void aNameWithoutASchemeIsAlsoLookedUpUnderJavaSlash() throws Exception {
        Object wildflys = new Object();

        assertThat(Database.lookUp(holding(Map.of("java:/jdbc/NotesDS", wildflys)), "jdbc/NotesDS")).isSameAs(wildflys);
        assertThat(asked).containsExactly("jdbc/NotesDS", "java:/jdbc/NotesDS");
    }

    @Test
    void aNameWithASchemeIsLookedUpOnlyAsItIs() {
        Throwable failure = catchThrowable(() -> Database.lookUp(holding(Map.of()), "java:jboss/datasources/NotesDS"));

        assertThat(failure).isInstanceOf(NameNotFoundException.class).hasMessage("java:jboss/datasources/NotesDS");
        assertThat(asked).containsExactly("java:jboss/datasources/NotesDS");
    }

    @Test
    void aNameFoundNowhereFailsWithTheNameAsGivenAndTellsOfBothTries() {
        Throwable failure = catchThrowable(() -> Database.lookUp(holding(Map.of()), "jdbc/NotesDS"));

        assertThat(failure).isInstanceOf(NameNotFoundException.class).hasMessage("jdbc/NotesDS");
        assertThat(failure.getSuppressed()).singleElement().extracting(Throwable::getMessage).isEqualTo("java:/jdbc/NotesDS");
    }
}
