package io.syncline.demo.security;

import io.syncline.demo.api.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Authenticates REST calls and the WebSocket handshake: programmatic clients with HTTP Basic on
 * every request (no session is created for them); browsers once, through {@code POST /api/login},
 * after which their HTTP session (its cookie) carries the identity to every request and to the
 * WebSocket.
 */
@ApplicationScoped
public class SynclineAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String SESSION_CALLER = SynclineAuthenticationMechanism.class.getName() + ".caller";

    /** Who logged in on this HTTP session. */
    private record Caller(String name, Set<String> groups) implements Serializable {
    }

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        Credential login = context.getAuthParameters().getCredential();
        if (login != null) {
            return logIn(request, response, context, login);
        }
        Credential basic = basic(request.getHeader("Authorization"));
        if (basic != null) {
            CredentialValidationResult result = identityStores.validate(basic);
            return result.getStatus() == CredentialValidationResult.Status.VALID
                    ? context.notifyContainerAboutLogin(result)
                    : refuse(request, response, "wrong user or password");
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_CALLER) instanceof Caller caller) {
            return context.notifyContainerAboutLogin(caller.name(), caller.groups());
        }
        return context.isProtected()
                ? refuse(request, response, "log in (POST /api/login) or send HTTP Basic credentials")
                : context.doNothing();
    }

    /** {@code SecurityContext.authenticate} from {@code POST /api/login}: validate, then remember in the session. */
    private AuthenticationStatus logIn(HttpServletRequest request, HttpServletResponse response,
                                       HttpMessageContext context, Credential credential) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return loginFailed(response);
        }
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation
        }
        request.getSession(true).setAttribute(SESSION_CALLER,
                new Caller(result.getCallerPrincipal().getName(), Set.copyOf(result.getCallerGroups())));
        return context.notifyContainerAboutLogin(result);
    }

    /** A failed {@code POST /api/login}: {@code LoginResource} answers it. */
    private static AuthenticationStatus loginFailed(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * A request refused here, REST call or WebSocket handshake: 401 with the JSON error body. The
     * exchange is finished here — the request's body, if any, read to its end, the response written and closed —
     * because WildFly (Undertow) answers a failed authentication whose exchange is not finished with
     * {@code sendError}: its own HTML page, or an error logged when the response is already written.
     */
    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, String message) {
        // No WWW-Authenticate challenge: browsers would show their own dialog instead of the page's login.
        try {
            // Only a request with a body: on Payara, reading a WebSocket handshake's (an upgrade)
            // waits for the connection to end.
            if (request.getContentLengthLong() > 0 || "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
                request.getInputStream().transferTo(OutputStream.nullOutputStream());
            }
            new ApiError("unauthorized", message).send(response, HttpServletResponse.SC_UNAUTHORIZED);
        } catch (IOException e) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED); // the client is gone; the status is all that is left
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static UsernamePasswordCredential basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 1 ? null : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
