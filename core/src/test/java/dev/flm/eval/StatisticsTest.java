package dev.flm.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void pairedTTestMatchesScipy() {
    double[] a = {0.2, 0.5, 0.1, 0.9, 0.4, 0.3};
    double[] b = {0.1, 0.45, 0.2, 0.6, 0.35, 0.1};
    // scipy.stats.ttest_rel(a, b).pvalue
    assertThat(Statistics.pairedTTest(a, b)).isCloseTo(0.13571017261995091, within(1e-9));
    // 2 * scipy.stats.t.sf(2.0, 3)
    assertThat(Statistics.studentTwoSidedP(2.0, 3)).isCloseTo(0.13932596855884305, within(1e-9));
    assertThat(Statistics.pairedTTest(a, a)).isEqualTo(1.0);
  }

  @Test
  void bootstrapIsSeededAndCoversTheMean() {
    double[] v = new double[200];
    for (int i = 0; i < v.length; i++) {
      v[i] = (i % 10) / 10.0;
    }
    Statistics.Interval ci = Statistics.bootstrap(v, 500, 7, 0.95);
    assertThat(Statistics.bootstrap(v, 500, 7, 0.95)).isEqualTo(ci);
    assertThat(ci.low()).isLessThan(0.45).isGreaterThan(0.38);
    assertThat(ci.high()).isGreaterThan(0.45).isLessThan(0.52);
    double[] constant = {0.3, 0.3, 0.3};
    Statistics.Interval c = Statistics.bootstrap(constant, 100, 1, 0.95);
    assertThat(c.low()).isCloseTo(0.3, within(1e-12));
    assertThat(c.high()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void quantileInterpolatesLikeNumpy() {
    double[] s = {1, 2, 3, 4};
    // numpy.quantile([1,2,3,4], 0.25) == 1.75
    assertThat(Statistics.quantile(s, 0.25)).isEqualTo(1.75);
    assertThat(Statistics.quantile(s, 1)).isEqualTo(4);
  }
}
