package io.syncline.testkit;

import io.syncline.relay.SequencerControl;

import io.syncline.journal.CaptureSchema;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The journal and the sequencers, seen and steered from the client-side tests. */
@Path("journal")
@Produces(MediaType.APPLICATION_JSON)
public class JournalResource {

    @Inject
    JournalProbe probe;

    @Inject
    SequencerControl sequencers;

    @Inject
    CaptureSchema schema;

    @GET
    @Path("entries")
    public JsonArray entries(@QueryParam("entity") @DefaultValue("Card") String entity,
                             @QueryParam("after") @DefaultValue("0") long after) {
        return probe.entries(entity, after);
    }

    /** Whether the insert of this row has its offset. */
    @GET
    @Path("numbered")
    public boolean numbered(@QueryParam("entity") @DefaultValue("Card") String entity, @QueryParam("key") String key) {
        return probe.numbered(entity, key);
    }

    /** As if the server that journaled this change (not numbered yet) had a clock {@code millis} behind. */
    @POST
    @Path("capture-earlier")
    public int captureEarlier(@QueryParam("entity") @DefaultValue("Card") String entity, @QueryParam("key") String key,
                              @QueryParam("version") long version, @QueryParam("millis") long millis) {
        return probe.captureEarlier(entity, key, version, millis);
    }

    /** Runs the startup routine of the capture schema again, {@code times} times. */
    @POST
    @Path("install-capture")
    public void installCapture(@QueryParam("triggers") boolean triggers, @QueryParam("times") @DefaultValue("1") int times) {
        for (int i = 0; i < times; i++) {
            schema.install(triggers);
        }
    }

    @GET
    @Path("unsequenced")
    public long unsequenced() {
        return probe.unsequenced();
    }

    @GET
    @Path("cards")
    public JsonArray cards(@QueryParam("board") long board) {
        return probe.cards(board);
    }

    @POST
    @Path("purge-all")
    public long purgeAll() {
        return probe.purgeAll();
    }

    @GET
    @Path("lease-owner")
    @Produces(MediaType.TEXT_PLAIN)
    public String leaseOwner() {
        return String.valueOf(sequencers.leaseOwner());
    }

    /**
     * For a failure message: the lease's holder, the changes waiting for their offset, and each
     * sequencer thread of this server (none when it died) with its state and where it is.
     */
    @GET
    @Path("sequencers")
    @Produces(MediaType.TEXT_PLAIN)
    public String sequencerReport() {
        StringBuilder report = new StringBuilder("lease held by ").append(sequencers.leaseOwner())
                .append(", ").append(probe.unsequenced()).append(" changes without an offset; threads:");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("syncline-sequencer-")) {
                report.append("\n  ").append(thread.getName()).append(' ').append(thread.getState());
                for (StackTraceElement frame : stack) {
                    report.append("\n    at ").append(frame);
                }
            }
        });
        return report.toString();
    }

    @GET
    @Path("primary")
    @Produces(MediaType.TEXT_PLAIN)
    public String primary() {
        return sequencers.primaryOwner();
    }

    @POST
    @Path("primary/stop")
    public void stopPrimary(@QueryParam("release") boolean release) {
        sequencers.stopPrimary(release);
    }

    @POST
    @Path("primary/start")
    public void startPrimary() {
        sequencers.startPrimary();
    }

    @POST
    @Path("rival/start")
    public void startRival(@QueryParam("fault") @DefaultValue("NONE") SequencerControl.Fault fault) {
        sequencers.startRival(fault);
    }

    @POST
    @Path("rival/stop")
    public void stopRival(@QueryParam("release") boolean release) {
        sequencers.stopRival(release);
    }

    @GET
    @Path("rival/failed-publications")
    public int failedPublications() {
        return sequencers.failedPublications();
    }
}
