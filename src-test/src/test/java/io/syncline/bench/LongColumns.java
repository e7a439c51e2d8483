package io.syncline.bench;

import java.util.Arrays;

/** A growable table of primitive longs, a fixed number of columns per row: no boxing per recorded frame. */
final class LongColumns {

    private final int width;
    private long[] values;
    private int rows;

    LongColumns(int width) {
        this.width = width;
        this.values = new long[width * 256];
    }

    void add(long... row) {
        if ((rows + 1) * width > values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        System.arraycopy(row, 0, values, rows * width, width);
        rows++;
    }

    long get(int row, int column) {
        return values[row * width + column];
    }

    int rows() {
        return rows;
    }

    void clear() {
        rows = 0;
    }
}
