package io.syncline.demo.api;

import io.syncline.demo.board.InvalidInputException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A browser's login: {@code POST /api/login {"user","password"}} starts an HTTP session whose
 * cookie then authenticates REST calls and the WebSocket. {@code GET} tells who is logged in,
 * {@code DELETE} logs out.
 */
@Path("login")
@Produces(MediaType.APPLICATION_JSON)
public class LoginResource {

    public record Login(String user, String password) {
    }

    @Inject
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @Context
    HttpServletResponse response;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(Login login) {
        if (login == null || login.user() == null || login.password() == null) {
            throw new InvalidInputException("send {\"user\",\"password\"}");
        }
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(login.user(), login.password())));
        if (status != AuthenticationStatus.SUCCESS) {
            return ApiError.response(Response.Status.UNAUTHORIZED, "unauthorized", "wrong user or password");
        }
        return Response.ok(user(login.user())).build();
    }

    @GET
    public Response who() {
        // An unauthenticated caller has no user principal (the SecurityContext may name one "anonymous").
        return request.getUserPrincipal() == null
                ? ApiError.response(Response.Status.UNAUTHORIZED, "unauthorized", "not logged in")
                : Response.ok(user(request.getUserPrincipal().getName())).build();
    }

    @DELETE
    public Response logout() throws jakarta.servlet.ServletException {
        request.logout();
        if (request.getSession(false) != null) {
            request.getSession(false).invalidate();
        }
        return Response.noContent().build();
    }

    private static JsonObject user(String name) {
        return Json.createObjectBuilder().add("user", name).build();
    }
}
