package dev.winnow.jobs.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.winnow.jobs.metrics.CategoryMetrics;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsTest {

  private static final int WHITE = Color.WHITE.getRGB();

  @Test
  void scoreHistogramDrawsABarOnlyWhereRowsAre() {
    List<Long> bins = new ArrayList<>(Collections.nCopies(CategoryMetrics.BINS, 0L));
    bins.set(3, 40L);   // scores in [0.15, 0.20): all of the rows
    BufferedImage image = Charts.histogram(metrics(bins, 0.8, 0.0));

    assertEquals(Charts.WIDTH, image.getWidth());
    assertEquals(Charts.HEIGHT, image.getHeight());
    // Sample just above the x axis (HEIGHT - 56 px bottom margin), inside the plot's width (64..540).
    int axis = Charts.HEIGHT - 56 - 3;
    assertNotEquals(WHITE, image.getRGB(x(0.175), axis), "bar of bin 3");
    assertEquals(WHITE, image.getRGB(x(0.525), axis), "no rows in bin 10");
  }

  @Test
  void emptyRunGivesAPictureWithoutBars() {
    BufferedImage image = Charts.histogram(metrics(Collections.nCopies(CategoryMetrics.BINS, 0L), 0.5, null));
    assertEquals(WHITE, image.getRGB(x(0.175), Charts.HEIGHT - 56 - 3));
  }

  private static int x(double score) {
    return 64 + (int) Math.round(score * (Charts.WIDTH - 64 - 20));
  }

  private static CategoryMetrics metrics(List<Long> bins, double threshold, Double flagRate) {
    long rows = bins.stream().mapToLong(Long::longValue).sum();
    return new CategoryMetrics("toxic", "toxic", "score_toxic", threshold, rows, null, null, null, null, 0,
        flagRate, bins);
  }
}
