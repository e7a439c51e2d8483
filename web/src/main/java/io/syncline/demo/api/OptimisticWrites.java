package io.syncline.demo.api;

import jakarta.ejb.EJBException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * A write whose If-Match version was current when checked but lost a race to a concurrent write
 * fails at flush with an {@link OptimisticLockException}; it gets the same 412 with the current row
 * as a write that was stale from the start.
 */
final class OptimisticWrites {

    private OptimisticWrites() {
    }

    static Response attempt(Supplier<Object> current, Supplier<Response> write) {
        try {
            return write.get();
        } catch (EJBException e) {
            if (causedByOptimisticLock(e)) {
                return Response.status(Response.Status.PRECONDITION_FAILED)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(current.get())
                        .build();
            }
            throw e;
        }
    }

    private static boolean causedByOptimisticLock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException) {
                return true;
            }
        }
        return false;
    }
}
