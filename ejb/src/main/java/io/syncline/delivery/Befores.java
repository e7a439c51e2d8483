package io.syncline.delivery;

import jakarta.json.JsonObject;

/**
 * The state of each changed row before a transaction's change to it, for judging whether the row
 * leaves a subscription's view. Looked up only when a filtered subscription needs it.
 */
@FunctionalInterface
interface Befores {

    /** The row's representation before change {@code index}, or null when unknown (or an insert). */
    JsonObject before(int index);
}
