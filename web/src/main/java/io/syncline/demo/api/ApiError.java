package io.syncline.demo.api;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of every REST error: {@code {"code","message"}}, whether JAX-RS answers it or a servlet
 * filter or the authentication mechanism does before the request reaches JAX-RS.
 */
public record ApiError(String code, String message) {

    static Response response(Response.StatusType status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message)).build();
    }

    /** Answers a request that JAX-RS does not handle with this error and {@code status}: the whole response. */
    public void send(HttpServletResponse response, int status) throws IOException {
        byte[] body = Json.createObjectBuilder().add("code", code).add("message", message).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.getOutputStream().close();
    }
}
