package io.syncline.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Who is present in which scope, across the cluster: the joins of this server's sessions, and the
 * reports of the other servers. A user is present in a scope while one of their sessions has
 * joined it and has been heard from (a frame or a pong) within the silence limit, on this server
 * or on a server whose last report is recent enough. Every change of a scope's users is told to
 * this server's sessions that joined it, with the whole list.
 *
 * <p>Not thread-safe: {@link Presence} serializes the calls. Scopes are held as their text (a
 * board's id {@code 7} and {@code "7"} are one scope), as the row policy's scopes are compared
 * with a filter's values.
 *
 * @param <S> a session
 */
final class PresenceState<S> {

    /** A frame for one of this server's sessions. */
    record Notice<S>(S session, String frame) {
    }

    /** One join of a session: its id on the session, its user, and the scope as the client wrote it. */
    private record Join<S>(S session, String id, String user, String scope, String scopeJson) {
    }

    private record Report(long receivedAt, Map<String, Set<String>> scopes) {
    }

    private final ToLongFunction<S> heardAt;
    private final long silenceLimit;
    /** This server's joins, by scope, in join order. */
    private final Map<String, Map<JoinKey<S>, Join<S>>> joins = new HashMap<>();
    private final Map<String, Report> reports = new HashMap<>();
    /** The users last told to the joins of each scope that has any. */
    private final Map<String, Set<String>> told = new HashMap<>();

    private record JoinKey<S>(S session, String id) {
    }

    /**
     * @param heardAt when a session was last heard from (nanoTime)
     * @param silenceLimit how long (nanoseconds) a session may stay silent and still count as present
     */
    PresenceState(ToLongFunction<S> heardAt, long silenceLimit) {
        this.heardAt = heardAt;
        this.silenceLimit = silenceLimit;
    }

    boolean has(S session, String id) {
        return joins.values().stream().anyMatch(byKey -> byKey.containsKey(new JoinKey<>(session, id)));
    }

    int joinsOf(S session) {
        return (int) joins.values().stream().flatMap(byKey -> byKey.keySet().stream())
                .filter(key -> key.session().equals(session)).count();
    }

    /** A session joins a scope: it is told the users present (itself included); the others, if that changed. */
    List<Notice<S>> join(S session, String id, String user, String scope, String scopeJson, long now) {
        joins.computeIfAbsent(scope, s -> new LinkedHashMap<>())
                .put(new JoinKey<>(session, id), new Join<>(session, id, user, scope, scopeJson));
        List<Notice<S>> notices = new ArrayList<>();
        Set<String> users = users(scope, now);
        if (!users.equals(told.put(scope, users))) {
            tell(scope, users, notices);
        } else {
            notices.add(new Notice<>(session, Frames.presence(id, scopeJson, users)));
        }
        return notices;
    }

    /** A session leaves the scope it joined as {@code id}; false when it had no such join. */
    boolean part(S session, String id, long now, List<Notice<S>> notices) {
        for (Map.Entry<String, Map<JoinKey<S>, Join<S>>> scope : joins.entrySet()) {
            if (scope.getValue().remove(new JoinKey<>(session, id)) != null) {
                changed(scope.getKey(), now, notices);
                return true;
            }
        }
        return false;
    }

    /** The session is closed: it leaves every scope it joined. */
    List<Notice<S>> closed(S session, long now) {
        List<Notice<S>> notices = new ArrayList<>();
        for (String scope : List.copyOf(joins.keySet())) {
            if (joins.get(scope).keySet().removeIf(key -> key.session().equals(session))) {
                changed(scope, now, notices);
            }
        }
        return notices;
    }

    /**
     * {@code user} no longer holds {@code scope}: their joins of it end, each told with a
     * {@code forbidden} error; the others see them leave.
     */
    List<Notice<S>> revoked(String user, String scope, long now) {
        List<Notice<S>> notices = new ArrayList<>();
        Map<JoinKey<S>, Join<S>> byKey = joins.get(scope);
        if (byKey == null) {
            return notices;
        }
        List<Join<S>> ended = byKey.values().stream().filter(join -> join.user().equals(user)).toList();
        for (Join<S> join : ended) {
            byKey.remove(new JoinKey<>(join.session(), join.id()));
            notices.add(new Notice<>(join.session(), Frames.error(new ProtocolException(ErrorCode.FORBIDDEN, join.id(),
                    "you no longer hold this scope: presence ended"))));
        }
        if (!ended.isEmpty()) {
            changed(scope, now, notices);
        }
        return notices;
    }

    /** Another server's report of its present users, which replaces its last one. */
    List<Notice<S>> report(String server, Map<String, Set<String>> scopes, long now) {
        Report previous = reports.put(server, new Report(now, scopes));
        Set<String> touched = new HashSet<>(scopes.keySet());
        if (previous != null) {
            touched.addAll(previous.scopes().keySet());
        }
        List<Notice<S>> notices = new ArrayList<>();
        touched.forEach(scope -> changed(scope, now, notices));
        return notices;
    }

    /**
     * Time passes: reports older than {@code reportLimit} are dropped (their server stopped
     * reporting: it is gone), and sessions silent for too long no longer count.
     */
    List<Notice<S>> tick(long now, long reportLimit) {
        reports.values().removeIf(report -> now - report.receivedAt() > reportLimit);
        List<Notice<S>> notices = new ArrayList<>();
        for (String scope : List.copyOf(told.keySet())) {
            changed(scope, now, notices);
        }
        return notices;
    }

    /** The users this server reports: by scope, those of its joins that count as present. */
    Map<String, Set<String>> local(long now) {
        Map<String, Set<String>> local = new HashMap<>();
        joins.forEach((scope, byKey) -> byKey.values().forEach(join -> {
            if (present(join, now)) {
                local.computeIfAbsent(scope, s -> new TreeSet<>()).add(join.user());
            }
        }));
        return local;
    }

    private void changed(String scope, long now, List<Notice<S>> notices) {
        Map<JoinKey<S>, Join<S>> byKey = joins.get(scope);
        if (byKey == null || byKey.isEmpty()) {
            joins.remove(scope);
            told.remove(scope);
            return;
        }
        Set<String> users = users(scope, now);
        if (!Objects.equals(told.put(scope, users), users)) {
            tell(scope, users, notices);
        }
    }

    private void tell(String scope, Set<String> users, List<Notice<S>> notices) {
        for (Join<S> join : joins.get(scope).values()) {
            notices.add(new Notice<>(join.session(), Frames.presence(join.id(), join.scopeJson(), users)));
        }
    }

    private Set<String> users(String scope, long now) {
        Set<String> users = new TreeSet<>();
        Map<JoinKey<S>, Join<S>> byKey = joins.get(scope);
        if (byKey != null) {
            byKey.values().stream().filter(join -> present(join, now)).forEach(join -> users.add(join.user()));
        }
        for (Report report : reports.values()) {
            users.addAll(report.scopes().getOrDefault(scope, Set.of()));
        }
        return users;
    }

    private boolean present(Join<S> join, long now) {
        return now - heardAt.applyAsLong(join.session()) <= silenceLimit;
    }
}
