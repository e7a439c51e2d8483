package io.syncline.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The cards one step wrote, by board: what each subscriber of a board must receive. */
final class WrittenCards {

    private final Map<Long, Set<Long>> byBoard = new HashMap<>();
    private int count;

    synchronized void add(long board, long card) {
        if (byBoard.computeIfAbsent(board, b -> new HashSet<>()).add(card)) {
            count++;
        }
    }

    /** Hands every (board, card) to {@code each}. */
    synchronized void forEach(java.util.function.BiConsumer<Long, Long> each) {
        byBoard.forEach((board, cards) -> cards.forEach(card -> each.accept(board, card)));
    }

    synchronized Set<Long> of(long board) {
        return byBoard.getOrDefault(board, Set.of());
    }

    /** Every card written, whatever its board. */
    synchronized Set<Long> all() {
        Set<Long> all = new HashSet<>();
        byBoard.values().forEach(all::addAll);
        return all;
    }

    synchronized int count() {
        return count;
    }
}
