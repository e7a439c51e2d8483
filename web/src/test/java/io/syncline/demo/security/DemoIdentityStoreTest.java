package io.syncline.demo.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import org.junit.jupiter.api.Test;

/** The demo users exist only where {@code syncline.demo-users} is true. */
class DemoIdentityStoreTest {

    @Test
    void withoutTheSettingThereAreNoDemoUsers() {
        assertThat(validate(new DemoIdentityStore(), "alice", "alice-demo").getStatus())
                .isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
        assertThat(validate(new DemoIdentityStore(false), "bob", "bob-demo").getStatus())
                .isEqualTo(CredentialValidationResult.Status.NOT_VALIDATED);
    }

    @Test
    void withTheSettingTheDemoUsersLogInWithTheirDemoPassword() {
        DemoIdentityStore store = new DemoIdentityStore(true);

        CredentialValidationResult carol = validate(store, "carol", "carol-demo");

        assertThat(carol.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
        assertThat(carol.getCallerPrincipal().getName()).isEqualTo("carol");
        assertThat(carol.getCallerGroups()).containsExactly(DemoIdentityStore.USER_ROLE);
        assertThat(validate(store, "carol", "alice-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);
        assertThat(validate(store, "mallory", "mallory-demo").getStatus()).isEqualTo(CredentialValidationResult.Status.INVALID);
    }

    private static CredentialValidationResult validate(DemoIdentityStore store, String user, String password) {
        return store.validate(new UsernamePasswordCredential(user, password));
    }
}
