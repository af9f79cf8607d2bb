package dev.winnow.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.winnow.jobs.metrics.CategoryMetrics;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

class ChartsTest {

  private static final int WHITE = Color.WHITE.getRGB();

  @Test
  void scoreHistogramDrawsABarOnlyWhereRowsAre() {
    List<Long> bins = new ArrayList<>(Collections.nCopies(CategoryMetrics.BINS, 0L));
    bins.set(3, 40L);   // scores in [0.15, 0.20): all of the rows
    Rendered r = render(Charts.histogramChart(metrics(bins, 0.8, 0.0)));

    assertEquals(Charts.WIDTH, r.image.getWidth());
    assertEquals(Charts.HEIGHT, r.image.getHeight());
    assertNotEquals(WHITE, r.justAboveXAxis(0.175), "bar of bin 3");
    assertEquals(WHITE, r.justAboveXAxis(0.525), "no rows in bin 10");
    assertEquals(r.image.getWidth(), Charts.histogram(metrics(bins, 0.8, 0.0)).getWidth());
  }

  @Test
  void emptyRunGivesAPictureWithoutBars() {
    Rendered r = render(Charts.histogramChart(metrics(Collections.nCopies(CategoryMetrics.BINS, 0L), 0.5, null)));
    assertEquals(WHITE, r.justAboveXAxis(0.175));
  }

  /** A chart drawn at the report's size, with where its plot area landed. */
  private record Rendered(BufferedImage image, XYPlot plot, Rectangle2D area) {

    int justAboveXAxis(double score) {
      double x = plot.getDomainAxis().valueToJava2D(score, area, plot.getDomainAxisEdge());
      return image.getRGB((int) Math.round(x), (int) area.getMaxY() - 3);
    }
  }

  private static Rendered render(JFreeChart chart) {
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage image = chart.createBufferedImage(Charts.WIDTH, Charts.HEIGHT, BufferedImage.TYPE_INT_RGB, info);
    return new Rendered(image, chart.getXYPlot(), info.getPlotInfo().getDataArea());
  }

  private static CategoryMetrics metrics(List<Long> bins, double threshold, Double flagRate) {
    long rows = bins.stream().mapToLong(Long::longValue).sum();
    return new CategoryMetrics("toxic", "toxic", "score_toxic", threshold, rows, null, null, null, null, 0,
        flagRate, bins);
  }
}
