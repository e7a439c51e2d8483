package io.syncline.web.socket;

/**
 * One open subscription of a session: the changes of {@code entity} after offset {@code after}.
 */
record Subscription(String id, String entity, long after) {

    boolean wants(String changedEntity, long offset) {
        return entity.equals(changedEntity) && offset > after;
    }
}
