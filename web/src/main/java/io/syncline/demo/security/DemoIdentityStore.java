package io.syncline.demo.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The demo's users — alice, bob and carol, password {@code <name>-demo} — FOR THE DEMO ONLY: they
 * exist only where {@code syncline.demo-users} is true (the demo and the tests set
 * {@code -Dsyncline.demo-users=true}); without it this store validates no one. Real users come from a real store (LDAP,
 * database: {@code @LdapIdentityStoreDefinition}, {@code @DatabaseIdentityStoreDefinition}, or your
 * own IdentityStore bean).
 */
@ApplicationScoped
public class DemoIdentityStore implements IdentityStore {

    /** The role every authenticated user has; the web module's constraints require it. */
    public static final String USER_ROLE = "user";

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", "alice-demo",
            "bob", "bob-demo",
            "carol", "carol-demo");

    /** {@code syncline.demo-users}, read through MicroProfile Config like Syncline's own settings. */
    @Inject
    @ConfigProperty(name = "syncline.demo-users", defaultValue = "false")
    boolean demoUsers;

    public DemoIdentityStore() {
    }

    DemoIdentityStore(boolean demoUsers) {
        this.demoUsers = demoUsers;
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        if (!demoUsers) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String expected = PASSWORDS.get(credential.getCaller());
        return expected != null && credential.compareTo(credential.getCaller(), expected)
                ? new CredentialValidationResult(credential.getCaller(), Set.of(USER_ROLE))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
