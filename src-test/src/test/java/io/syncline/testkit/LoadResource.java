package io.syncline.testkit;

import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The load benchmark's side of the server: the in-server writer, the capture on/off throughput,
 * the raw broadcast ceiling, the journal's commit times, and the server JVM's CPU time and heap.
 */
@Path("load")
@Produces(MediaType.APPLICATION_JSON)
public class LoadResource {

    /** Looked up once: the static {@code Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    PacedWriter writer;

    @Inject
    CommitStamps stamps;

    @Inject
    BroadcastFlood broadcast;

    /** The server JVM: its pid, process CPU time (ns), used heap (bytes; after a full GC when {@code gc}). */
    @GET
    @Path("server-stats")
    public JsonObject serverStats(@QueryParam("gc") boolean gc) throws JMException {
        if (gc) {
            System.gc();
        }
        // Through JMX: the deployment's module does not see com.sun.management.
        long cpuNanos = (Long) ManagementFactory.getPlatformMBeanServer()
                .getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
        return JSON.createObjectBuilder()
                .add("pid", ProcessHandle.current().pid())
                .add("cpuNanos", cpuNanos)
                .add("heapUsed", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed())
                .add("heapMax", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax())
                .build();
    }

    /**
     * Inserts cards at {@code rate} per second (0: as fast as {@code writers} threads go) for
     * {@code seconds} on the given boards round-robin, {@code perTransaction} to a transaction;
     * returns {@code cards}, [id, board] pairs in write order, and {@code elapsedMicros} from the
     * first intended start to the last commit.
     */
    @POST
    @Path("write")
    public JsonObject write(@QueryParam("boards") String boards, @QueryParam("rate") double rate,
                            @QueryParam("seconds") double seconds, @QueryParam("writers") @DefaultValue("8") int writers,
                            @QueryParam("perTransaction") @DefaultValue("1") int perTransaction)
            throws InterruptedException {
        PacedWriter.Run run = writer.run(ids(boards), rate, duration(seconds), writers, perTransaction, writer.titledCards());
        JsonArrayBuilder cards = JSON.createArrayBuilder();
        run.cards().forEach(card -> cards.add(JSON.createArrayBuilder().add(card[1]).add(card[2])));
        return JSON.createObjectBuilder().add("cards", cards).add("elapsedMicros", run.elapsedMicros())
                .add("errors", run.errors()).add("firstError", String.valueOf(run.firstError())).build();
    }

    /** Unpaced single-row transactions for {@code seconds}: synced cards, or plain rows when not {@code capture}. */
    @POST
    @Path("throughput")
    public JsonObject throughput(@QueryParam("board") long board, @QueryParam("capture") boolean capture,
                                 @QueryParam("seconds") double seconds, @QueryParam("writers") @DefaultValue("8") int writers)
            throws InterruptedException {
        PacedWriter.Run run = writer.run(new long[] {board}, 0, duration(seconds), writers, 1,
                capture ? writer.titledCards() : writer.plainRows());
        return JSON.createObjectBuilder().add("writes", run.cards().size()).add("elapsedMicros", run.elapsedMicros())
                .add("errors", run.errors()).build();
    }

    /** {@code [offset, committedAt]} pairs for offsets {@code from} to {@code to}; 501 when the journal has no commit times. */
    @GET
    @Path("committed")
    public JsonArray committed(@QueryParam("from") long from, @QueryParam("to") long to) {
        try {
            return stamps.between(from, to);
        } catch (EJBException | jakarta.persistence.PersistenceException e) {
            throw new WebApplicationException(Response.status(501).type(MediaType.TEXT_PLAIN)
                    .entity("no commit times in SL_JOURNAL: " + e).build());
        }
    }

    /** How many sessions the bare broadcast endpoint holds. */
    @GET
    @Path("broadcast/sessions")
    public int broadcastSessions() {
        return broadcast.sessions();
    }

    /** Sends a frame of {@code size} characters to every broadcast session for {@code seconds}; returns how many were sent. */
    @POST
    @Path("broadcast")
    public long broadcast(@QueryParam("size") int size, @QueryParam("seconds") double seconds) throws InterruptedException {
        return broadcast.flood(changeFrameOfSize(size), duration(seconds));
    }

    /** A {@code changes} frame shaped like a card insert's, its title padded to {@code size} characters in all. */
    static String changeFrameOfSize(int size) {
        String head = "{\"type\":\"changes\",\"id\":\"c\",\"tx\":\"9f2c41a07be3d915\",\"changes\":[{\"offset\":1,\"op\":\"insert\","
                + "\"entity\":\"Card\",\"key\":\"1\",\"version\":1,\"data\":{\"id\":1,\"boardId\":1,\"title\":\"";
        String tail = "\",\"status\":\"todo\",\"position\":0,\"version\":1}}]}";
        return head + "x".repeat(Math.max(1, size - head.length() - tail.length())) + tail;
    }

    private static long[] ids(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    private static Duration duration(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
