package io.syncline.testkit;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Lets the client-side tests trigger {@link CardScenarios}. */
@Path("scenarios")
@Produces(MediaType.APPLICATION_JSON)
public class ScenarioResource {

    @Inject
    CardScenarios scenarios;

    @GET
    @Path("provider")
    @Produces(MediaType.TEXT_PLAIN)
    public String provider() {
        return scenarios.providerEntityManagerClass();
    }

    @POST
    @Path("insert-then-roll-back")
    public void insertThenRollBack(@QueryParam("board") long boardId, @QueryParam("title") String title) {
        scenarios.insertThenRollBack(boardId, title);
    }

    @POST
    @Path("insert-all")
    public List<Long> insertAll(@QueryParam("board") long boardId, @QueryParam("title") List<String> titles) {
        return scenarios.insertAll(boardId, titles);
    }

    /**
     * Two transactions that commit in the opposite order of their first writes: "first-in" writes
     * its journal row first and commits as soon as "second-in" has committed, racing the sequencer.
     * Returns the ids of the two cards, first-in first.
     */
    @POST
    @Path("commit-out-of-order")
    public List<Long> commitOutOfOrder(@QueryParam("board") long boardId) throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Long> first = scenarios.insertAndHold(boardId, "first-in", inserted, release);
        if (!inserted.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the first transaction did not write");
        }
        long second = scenarios.insertAll(boardId, List.of("second-in")).get(0); // has committed
        release.countDown();
        return List.of(first.get(30, TimeUnit.SECONDS), second);
    }

    @POST
    @Path("bulk-delete")
    public int bulkDelete(@QueryParam("board") long boardId) {
        return scenarios.bulkDeleteCards(boardId);
    }

    @POST
    @Path("retitle-flushed-at-commit")
    public void retitle(@QueryParam("card") long cardId, @QueryParam("title") String title) {
        scenarios.retitleFlushedAtCommit(cardId, title);
    }

    @POST
    @Path("insert-from-timer")
    public void insertFromTimer(@QueryParam("board") long boardId, @QueryParam("title") String title) {
        scenarios.insertFromTimer(boardId, title);
    }
}
