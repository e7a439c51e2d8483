package io.syncline.delivery;

import io.syncline.RowPolicy;
import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import io.syncline.journal.Journal;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The users' views, served by the engine from the application's {@link RowPolicy}: a user's scopes
 * at any offset are their scopes now with the grants journaled after that offset undone, and a
 * view moves over each transaction by the grants it gives and takes back. Without a policy bean
 * every row is denied, and every subscription refused.
 */
@ApplicationScoped
class Views {

    private static final Logger LOG = Logger.getLogger(Views.class.getName());

    @Inject
    Instance<RowPolicy> policies;

    @Inject
    Journal journal;

    /** How many users' scopes at an offset are remembered (see {@link #at}). */
    static final int SCOPES_REMEMBERED = 4096;

    private RowPolicy policy;
    /** Scopes by user and offset, the least recently used forgotten first (guarded by itself). */
    private final Map<ScopesAt, Set<Object>> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScopesAt, Set<Object>> eldest) {
            return size() > SCOPES_REMEMBERED;
        }
    };
    /** The policy's grant entities, asked once: every subscription looks at every change with them. */
    private Set<String> grantEntities = Set.of();

    public Views() {
    }

    /** Views served from {@code policy} (null: none) and {@code journal}, outside a container. */
    Views(RowPolicy policy, Journal journal) {
        use(policy);
        this.journal = journal;
    }

    private void use(RowPolicy found) {
        policy = found;
        grantEntities = found == null ? Set.of() : Set.copyOf(found.grantEntities());
    }

    /** At startup: without a policy the log says so, and with several the application does not start. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // @PostConstruct has run: the policy is resolved.
    }

    @PostConstruct
    void resolve() {
        if (policies.isUnsatisfied()) {
            LOG.warning("Syncline found no RowPolicy bean: it sends no row to anyone and refuses every subscription."
                    + " Provide one (see README, \"Use Syncline in your application\").");
        } else if (policies.isAmbiguous()) {
            throw new IllegalStateException("Syncline needs exactly one RowPolicy bean; found several");
        } else {
            use(policies.get());
        }
    }

    /**
     * Why {@code user} may not open a subscription to {@code entity} with this filter, or empty:
     * without a policy, always; otherwise when the filter pins the entity's scope attribute to
     * scopes the user holds none of (such a subscription could never carry a row). The scopes the
     * user held at {@code offset} (the stream's newest: remembered, see {@link #at}) are asked
     * first, so that many subscribes cost the policy one question; only a filter they do not
     * answer asks for the scopes the user holds now (one granted since).
     */
    Optional<String> refusal(String user, String entity, Filter filter, long offset) {
        if (policy == null) {
            return Optional.of("this server has no row policy: it sends no rows");
        }
        String scope = policy.scopeAttribute(entity);
        if (scope == null) {
            return Optional.of("no user may see " + entity + " rows");
        }
        Optional<List<JsonValue>> pinned = filter.pinnedPath(scope);
        if (pinned.isEmpty() || holdsAny(scopesAt(user, offset), pinned.get()) || holdsAny(policy.scopesOf(user), pinned.get())) {
            return Optional.empty();
        }
        return Optional.of("you may not see the " + entity + " rows this filter names");
    }

    private static boolean holdsAny(Set<?> scopes, List<JsonValue> pinned) {
        Set<String> held = new HashSet<>();
        scopes.forEach(s -> held.add(String.valueOf(s)));
        return pinned.stream().anyMatch(value -> held.contains(text(value)));
    }

    /**
     * The user's view at {@code offset} (see the class comment): read from the database the first
     * time, then remembered — a user's scopes at an offset of the stream never change, and the
     * sessions of one user subscribe at the same offsets (the stream's newest).
     */
    View at(String user, long offset) {
        return new ScopeView(user, policy == null ? Set.of() : scopesAt(user, offset));
    }

    /** The user's scopes at {@code offset}, remembered (never changed once here); a policy is there. */
    private Set<Object> scopesAt(String user, long offset) {
        ScopesAt key = new ScopesAt(user, offset);
        Set<Object> scopes;
        synchronized (remembered) {
            scopes = remembered.get(key);
        }
        if (scopes == null) {
            scopes = Set.copyOf(readScopesAt(user, offset));
            synchronized (remembered) {
                remembered.put(key, scopes);
            }
        }
        return scopes;
    }

    private Set<Object> readScopesAt(String user, long offset) {
        Set<Object> scopes = new HashSet<>(policy.scopesOf(user));
        for (String entity : grantEntities) {
            // Today's scopes are read first: a grant committed between the two reads is undone as well.
            List<EntityChange> later = journal.changesAfter(entity, offset);
            for (int i = later.size() - 1; i >= 0; i--) {
                EntityChange change = later.get(i);
                Optional<RowPolicy.Grant> grant = grantOf(change);
                if (grant.isPresent() && user.equals(grant.get().user())) {
                    if (change.op() == ChangeOp.DELETE) {
                        scopes.add(grant.get().scope());
                    } else if (change.op() == ChangeOp.INSERT) {
                        scopes.remove(grant.get().scope());
                    }
                }
            }
        }
        return scopes;
    }

    /** A user at an offset: the key of the scopes remembered. */
    private record ScopesAt(String user, long offset) {
    }

    /**
     * What {@code user} may see of the current rows, as a query restriction, for snapshots (which
     * read the rows as they are now): the scopes as they are now.
     */
    Restriction visibleNow(String user) {
        Set<?> now = policy == null ? Set.of() : Set.copyOf(policy.scopesOf(user));
        return (entity, cb, root) -> {
            String attribute = policy == null ? null : policy.scopeAttribute(entity);
            return attribute == null || now.isEmpty() ? cb.disjunction() : Filter.path(root, attribute).in(now);
        };
    }

    /** Whether {@code user} holds the scope whose text is {@code scope} now (as the policy says). */
    boolean holdsNow(String user, String scope) {
        return policy != null && policy.scopesOf(user).stream().anyMatch(held -> String.valueOf(held).equals(scope));
    }

    /** The grants {@code tx} took back: its deletes of grant rows. */
    List<RowPolicy.Grant> revokedBy(CommittedTransaction tx) {
        List<RowPolicy.Grant> revoked = new ArrayList<>();
        for (EntityChange change : tx.changes()) {
            if (change.op() == ChangeOp.DELETE) {
                grantOf(change).ifPresent(revoked::add);
            }
        }
        return revoked;
    }

    /** Whether {@code tx} changed a row of a grant entity, and so may move users' views. */
    boolean grants(CommittedTransaction tx) {
        if (grantEntities.isEmpty()) {
            return false;
        }
        for (EntityChange change : tx.changes()) {
            if (grantEntities.contains(change.entity())) {
                return true;
            }
        }
        return false;
    }

    private Optional<RowPolicy.Grant> grantOf(EntityChange change) {
        // The entity first: a change that can grant nothing is never parsed here.
        return !grantEntities.contains(change.entity()) || change.data() == null
                ? Optional.empty()
                : policy.grant(change.entity(), change.data());
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : value instanceof JsonNumber n ? n.toString() : value.toString();
    }

    /** A user's scopes at one offset, moved by the grants of each transaction. */
    private final class ScopeView implements View {

        private final String user;
        private final Set<Object> scopes;

        ScopeView(String user, Set<Object> scopes) {
            this.user = user;
            this.scopes = new HashSet<>(scopes);
        }

        @Override
        public boolean maySee(String entity, JsonObject data) {
            if (policy == null || data == null) {
                return false;
            }
            Object scope = policy.scopeOf(entity, data);
            return scope != null && scopes.contains(scope);
        }

        @Override
        public boolean concerns(CommittedTransaction tx) {
            return grants(tx);
        }

        @Override
        public Revocation advance(CommittedTransaction tx) {
            if (policy == null) {
                return null;
            }
            Set<Object> lost = null;
            for (EntityChange change : tx.changes()) {
                Optional<RowPolicy.Grant> grant = grantOf(change);
                if (grant.isEmpty() || !user.equals(grant.get().user())) {
                    continue;
                }
                Object scope = grant.get().scope();
                if (change.op() == ChangeOp.DELETE) {
                    if (scopes.remove(scope)) {
                        lost = lost == null ? new HashSet<>() : lost;
                        lost.add(scope);
                    }
                } else {
                    scopes.add(scope);
                    if (lost != null) {
                        lost.remove(scope);
                    }
                }
            }
            if (lost == null || lost.isEmpty()) {
                return null;
            }
            Set<Object> taken = Set.copyOf(lost);
            return new Revocation(row -> taken.contains(policy.scopeOf(row.entity(), row.data())),
                    (entity, cb, root) -> {
                        String attribute = policy.scopeAttribute(entity);
                        return attribute == null ? cb.disjunction() : Filter.path(root, attribute).in(taken);
                    });
        }

        @Override
        public String toString() {
            return user + " " + Objects.toString(scopes);
        }
    }
}
