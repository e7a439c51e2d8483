package io.syncline.testkit;

import jakarta.ejb.Stateless;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The journal's commit times: when each numbered change's transaction committed ({@code SL_JOURNAL.COMMITTED_AT},
 * epoch microseconds stamped just before the commit; null for rows that a PostgreSQL trigger captured).
 */
@Stateless
public class CommitStamps {

    /** Looked up once: the static {@code Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @PersistenceContext(unitName = "boards")
    EntityManager em;

    /** {@code [offset, committedAt]} pairs of the changes numbered {@code from} to {@code to}, where a time is known. */
    public JsonArray between(long from, long to) {
        JsonArrayBuilder pairs = JSON.createArrayBuilder();
        for (Object row : em.createNativeQuery("select JOURNAL_OFFSET, COMMITTED_AT from SL_JOURNAL"
                        + " where JOURNAL_OFFSET between ?1 and ?2 and COMMITTED_AT is not null")
                .setParameter(1, from).setParameter(2, to).getResultList()) {
            Object[] columns = (Object[]) row;
            pairs.add(JSON.createArrayBuilder().add(((Number) columns[0]).longValue()).add(((Number) columns[1]).longValue()));
        }
        return pairs.build();
    }
}
