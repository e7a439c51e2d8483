package io.syncline.demo.api;

import io.syncline.demo.board.InvalidInputException;
import io.syncline.demo.board.RowNotFoundException;
import io.syncline.demo.board.StaleVersionException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Maps the domain's exceptions to HTTP statuses with an {@link ApiError} body. */
public final class ApiExceptionMappers {

    private ApiExceptionMappers() {
    }

    @Provider
    public static class InvalidInput implements ExceptionMapper<InvalidInputException> {
        @Override
        public Response toResponse(InvalidInputException e) {
            return ApiError.response(Response.Status.BAD_REQUEST, "invalid-input", e.getMessage());
        }
    }

    @Provider
    public static class NotFound implements ExceptionMapper<RowNotFoundException> {
        @Override
        public Response toResponse(RowNotFoundException e) {
            return ApiError.response(Response.Status.NOT_FOUND, "not-found", e.getMessage());
        }
    }

    /** 412 with the current row as the body, so the client can merge and retry. */
    @Provider
    public static class StaleVersion implements ExceptionMapper<StaleVersionException> {
        @Override
        public Response toResponse(StaleVersionException e) {
            return Response.status(Response.Status.PRECONDITION_FAILED)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(e.current())
                    .build();
        }
    }

    /** A request body that is not JSON, or not JSON of the expected shape. */
    @Provider
    public static class UnreadableBody implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            return ApiError.response(Response.Status.BAD_REQUEST, "bad-json",
                    "the request body is not the JSON this resource expects");
        }
    }

    /** Anything else is a server error: logged here, and the client learns nothing of the internals. */
    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        private static final Logger LOG = Logger.getLogger(Unexpected.class.getName());

        @Override
        public Response toResponse(RuntimeException e) {
            LOG.log(Level.SEVERE, "REST request failed", e);
            return ApiError.response(Response.Status.INTERNAL_SERVER_ERROR, "internal-error",
                    "the server could not complete the request");
        }
    }

    /**
     * Errors the JAX-RS runtime raises — no resource at the path, a method or media type the resource
     * does not take — keep their status and headers (such as {@code Allow}) and get a body in our own
     * words: the runtime's messages show its internals.
     */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        private static final Logger LOG = Logger.getLogger(Web.class.getName());

        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            if (response.hasEntity() || response.getStatus() < 400) {
                return response; // one of ours (Versions), or not an error (the runtime's answer to OPTIONS)
            }
            return Response.fromResponse(response).type(MediaType.APPLICATION_JSON_TYPE).entity(error(e, response)).build();
        }

        private static ApiError error(WebApplicationException e, Response response) {
            return switch (response.getStatus()) {
                case 400 -> new ApiError("invalid-input", "the request is not valid");
                case 404 -> new ApiError("not-found", "there is no resource at this path");
                case 405 -> new ApiError("method-not-allowed", "this resource takes only "
                        + String.join(", ", new TreeSet<>(response.getAllowedMethods())));
                case 406 -> new ApiError("not-acceptable", "this resource answers application/json only");
                case 415 -> new ApiError("unsupported-media-type", "send the body as application/json");
                default -> {
                    if (response.getStatus() >= 500) {
                        LOG.log(Level.SEVERE, "REST request failed", e);
                        yield new ApiError("internal-error", "the server could not complete the request");
                    }
                    String reason = response.getStatusInfo().getReasonPhrase();
                    String words = reason == null || reason.isBlank() ? "request refused" : reason.toLowerCase(Locale.ROOT);
                    yield new ApiError(words.replace(' ', '-'), words);
                }
            };
        }
    }
}
