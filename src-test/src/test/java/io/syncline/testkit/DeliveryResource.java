package io.syncline.testkit;

import io.syncline.config.Settings;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.lang.management.ManagementFactory;

/** Load and observation for the delivery tests: many transactions fast, a board's journal, the heap. */
@Path("delivery")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Inject
    Settings settings;

    @Inject
    DeliveryWrites writes;

    /** Writes {@code txs} transactions of {@code size} cards each on the board; returns the ids of the last one's cards. */
    @POST
    @Path("cards")
    public java.util.List<Long> cards(@QueryParam("board") long board, @QueryParam("txs") @DefaultValue("1") int txs,
                                      @QueryParam("size") @DefaultValue("1") int size,
                                      @QueryParam("titleLength") @DefaultValue("20") int titleLength,
                                      @QueryParam("label") @DefaultValue("card") String label) {
        java.util.List<Long> ids = java.util.List.of();
        for (int i = 0; i < txs; i++) {
            ids = writes.cards(board, size, titleLength, label + " " + i);
        }
        return ids;
    }

    @GET
    @Path("journal")
    public JsonArray journal(@QueryParam("board") long board, @QueryParam("after") @DefaultValue("0") long after) {
        return writes.journal(board, after);
    }

    /** How many WebSocket sessions {@code user} holds on this server (Syncline's JMX bean). */
    @GET
    @Path("sessions")
    public int sessions(@QueryParam("user") String user) throws javax.management.JMException {
        var server = ManagementFactory.getPlatformMBeanServer();
        var names = server.queryNames(new javax.management.ObjectName("io.syncline:type=Sessions,*"), null);
        if (names.size() != 1) {
            throw new IllegalStateException("expected one Syncline on this server, found " + names);
        }
        return (Integer) server.invoke(names.iterator().next(), "sessionsOf", new Object[] {user}, new String[] {String.class.getName()});
    }

    /** The server's {@code syncline.max-sessions-per-user}, as Syncline read it (default or configured). */
    @GET
    @Path("max-sessions-per-user")
    public int maxSessionsPerUser() {
        return settings.maxSessionsPerUser();
    }

    /** The server's used heap in bytes, after a garbage collection. */
    @GET
    @Path("heap")
    public long heap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
