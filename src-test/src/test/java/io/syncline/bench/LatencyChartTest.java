package io.syncline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The load benchmark's chart is a well-formed SVG document that draws every series and point it is given. */
class LatencyChartTest {

    private static final List<LatencyChart.Series> SERIES = List.of(
            new LatencyChart.Series("commit -> frame p50", List.of(new LatencyChart.Point(100, 1.5), new LatencyChart.Point(1000, 4)), 0, false),
            new LatencyChart.Series("commit -> frame p99 <in-server> & co", List.of(new LatencyChart.Point(100, 3),
                    new LatencyChart.Point(1000, 2500)), 1, true));

    @Test
    void drawsOnePolylinePerSeriesWithAPointPerValue() throws Exception {
        Document svg = parse(new LatencyChart("latency", "changes/s", "ms", SERIES).toSvg());

        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        assertThat(((Element) lines.item(0)).getAttribute("points").split(" ")).hasSize(2);
        assertThat(((Element) lines.item(1)).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(4);
    }

    @Test
    void higherLatencyIsDrawnHigherOnALogarithmicScale() throws Exception {
        Document svg = parse(new LatencyChart("latency", "changes/s", "ms", SERIES).toSvg());

        String[] p99 = ((Element) svg.getElementsByTagName("polyline").item(1)).getAttribute("points").split(" ");
        double low = Double.parseDouble(p99[0].split(",")[1]);
        double high = Double.parseDouble(p99[1].split(",")[1]);
        assertThat(high).as("SVG y grows downwards").isLessThan(low);
    }

    @Test
    void escapesNamesAndSkipsPointsALogScaleCannotShow() throws Exception {
        List<LatencyChart.Series> withZero = List.of(new LatencyChart.Series("a < b",
                List.of(new LatencyChart.Point(100, 0), new LatencyChart.Point(200, 2)), 0, false));
        Document svg = parse(new LatencyChart("t & u", "x", "y", withZero).toSvg());

        assertThat(svg.getDocumentElement().getTextContent()).contains("a < b", "t & u");
        assertThat(svg.getElementsByTagName("circle").getLength()).isEqualTo(1);
    }

    @Test
    void anEmptyChartIsStillADocument() throws Exception {
        Document svg = parse(new LatencyChart("nothing measured", "x", "y", List.of()).toSvg());

        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
