package io.syncline.testkit;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

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
