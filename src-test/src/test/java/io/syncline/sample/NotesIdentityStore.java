package io.syncline.sample;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.BasicAuthenticationMechanismDefinition;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Map;
import java.util.Set;

/**
 * The sample's users, fixed test users only: alice, bob, carol and dave, password {@code <name>-notes}.
 * HTTP Basic authenticates the API and the WebSocket handshake alike.
 */
@ApplicationScoped
@BasicAuthenticationMechanismDefinition(realmName = "notes")
public class NotesIdentityStore implements IdentityStore {

    /** The role web.xml requires for {@code /api/*} and {@code /sync}. */
    static final String USER_ROLE = "user";

    private static final Map<String, String> PASSWORDS = Map.of(
            "alice", password("alice"),
            "bob", password("bob"),
            "carol", password("carol"),
            "dave", password("dave"));

    /** A test user's password. */
    public static String password(String user) {
        return user + "-notes";
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        String expected = PASSWORDS.get(credential.getCaller());
        return expected != null && credential.compareTo(credential.getCaller(), expected)
                ? new CredentialValidationResult(credential.getCaller(), Set.of(USER_ROLE))
                : CredentialValidationResult.INVALID_RESULT;
    }
}
