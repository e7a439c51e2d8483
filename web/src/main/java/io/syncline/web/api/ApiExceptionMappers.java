package io.syncline.web.api;

import io.syncline.board.InvalidInputException;
import io.syncline.board.RowNotFoundException;
import io.syncline.board.StaleVersionException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;
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

    /** Errors the JAX-RS runtime raises (unreadable body, unknown path, wrong method) keep their status. */
    @Provider
    public static class Web implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response response = e.getResponse();
            if (response.hasEntity()) {
                return response;
            }
            Response.StatusType status = response.getStatusInfo();
            String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '-');
            return ApiError.response(status, code, e.getMessage());
        }
    }
}
