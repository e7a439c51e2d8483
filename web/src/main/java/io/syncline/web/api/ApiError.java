package io.syncline.web.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every REST error: {@code {"code","message"}}. */
public record ApiError(String code, String message) {

    static Response response(Response.StatusType status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(code, message)).build();
    }
}
