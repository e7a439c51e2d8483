package io.syncline.demo.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo users exist only where the server was started with {@code -Dsyncline.demo-users=true}. */
class DemoIdentityStoreTest {

    private static final String PROPERTY = "syncline.demo-users";

    private final DemoIdentityStore store = new DemoIdentityStore();
    private String saved;

    @BeforeEach
    void clearProperty() {
        saved = System.clearProperty(PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (saved == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, saved);
        }
    }

    @Test
    void withoutThePropertyThereAreNoDemoUsers() {
        assertThat(validate("alice", "alice-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
    }

    @Test
    void propertyFalseMeansNoDemoUsers() {
        System.setProperty(PROPERTY, "false");

        assertThat(validate("bob", "bob-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
    }

    @Test
    void withThePropertyTheDemoUsersLogInWithTheirDemoPassword() {
        System.setProperty(PROPERTY, "true");

        CredentialValidationResult carol = validate("carol", "carol-demo");

        assertThat(carol.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
        assertThat(carol.getCallerPrincipal().getName()).isEqualTo("carol");
        assertThat(carol.getCallerGroups()).containsExactly(DemoIdentityStore.USER_ROLE);
        assertThat(validate("carol", "alice-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);
        assertThat(validate("mallory", "mallory-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);
    }

    private CredentialValidationResult validate(String user, String password) {
        return store.validate(new UsernamePasswordCredential(user, password));
    }
}
