package io.syncline.bench;

import java.util.List;
import java.util.Locale;

/**
 * A line chart of latency against rate as a standalone SVG document: linear x axis, logarithmic
 * y axis (latencies span from a millisecond to seconds), one polyline per series, a legend.
 * Points with a latency of 0 or less are left out (log scale).
 */
final class LatencyChart {

    /** One point: a rate and a latency in milliseconds. */
    record Point(double x, double y) {
    }

    /** One line of the chart; lines of the same {@code color} (an index into the palette) measure the same thing. */
    record Series(String name, List<Point> points, int color, boolean dashed) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 220;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;

    LatencyChart(String title, String xLabel, String yLabel, List<Series> series) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = series;
    }

    String toSvg() {
        List<Point> all = series.stream().flatMap(s -> s.points().stream()).filter(p -> p.y() > 0).toList();
        double maxX = all.stream().mapToDouble(Point::x).max().orElse(1);
        double minLog = Math.floor(Math.log10(all.stream().mapToDouble(Point::y).min().orElse(1)));
        double maxLog = Math.max(minLog + 1, Math.ceil(Math.log10(all.stream().mapToDouble(Point::y).max().orElse(10))));
        Scale scale = new Scale(maxX, minLog, maxLog);

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        text(svg, WIDTH / 2.0 - RIGHT / 2.0, 22, title, "middle", 15);
        text(svg, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 10, xLabel, "middle", 12);
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
                scale.plotMiddleY(), scale.plotMiddleY(), escape(yLabel)));
        axes(svg, scale);
        for (int i = 0; i < series.size(); i++) {
            line(svg, series.get(i), COLORS[series.get(i).color() % COLORS.length], scale, i);
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void axes(StringBuilder svg, Scale scale) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (int decade = (int) scale.minLog; decade <= (int) scale.maxLog; decade++) {
            double y = scale.y(Math.pow(10, decade));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            text(svg, LEFT - 6, y + 4, number(Math.pow(10, decade)), "end", 11);
        }
        for (int tick = 0; tick <= 5; tick++) {
            double value = scale.maxX * tick / 5;
            double x = scale.x(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
                    x, TOP, x, HEIGHT - BOTTOM));
            text(svg, x, HEIGHT - BOTTOM + 16, number(value), "middle", 11);
        }
    }

    private void line(StringBuilder svg, Series line, String color, Scale scale, int index) {
        StringBuilder points = new StringBuilder();
        for (Point point : line.points()) {
            if (point.y() > 0) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(point.x()), scale.y(point.y())));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                        scale.x(point.x()), scale.y(point.y()), color));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"><title>%s</title></polyline>%n",
                color, line.dashed() ? " stroke-dasharray=\"6 4\"" : "", points.toString().trim(), escape(line.name())));
        double y = TOP + 10 + index * 20;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                WIDTH - RIGHT + 12, y, WIDTH - RIGHT + 36, y, color, line.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        text(svg, WIDTH - RIGHT + 42, y + 4, line.name(), "start", 11);
    }

    private static void text(StringBuilder svg, double x, double y, String text, String anchor, int size) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                x, y, anchor, size, escape(text)));
    }

    private static String number(double value) {
        return value >= 1 || value == 0 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%s", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Data to drawing coordinates. */
    private record Scale(double maxX, double minLog, double maxLog) {
        double x(double value) {
            return LEFT + value / maxX * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            double share = (Math.log10(value) - minLog) / (maxLog - minLog);
            return HEIGHT - BOTTOM - share * (HEIGHT - TOP - BOTTOM);
        }

        double plotMiddleY() {
            return TOP + (HEIGHT - TOP - BOTTOM) / 2.0;
        }
    }
}
