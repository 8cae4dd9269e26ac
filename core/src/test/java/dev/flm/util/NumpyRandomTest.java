package dev.flm.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values printed by NumPy 2.4 ({@code np.random.RandomState}). */
class NumpyRandomTest {

  @Test
  void randomSampleMatchesNumpy() {
    NumpyRandom r = new NumpyRandom(42);
    assertThat(r.randomSample()).isEqualTo(0.3745401188473625);
    assertThat(r.randomSample()).isEqualTo(0.9507143064099162);
    assertThat(r.randomSample()).isEqualTo(0.7319939418114051);
    assertThat(new NumpyRandom(4294967295L).randomSample()).isEqualTo(0.0976320289940138);
  }

  @Test
  void permutationMatchesNumpy() {
    assertThat(new NumpyRandom(42).permutation(10)).containsExactly(8, 1, 5, 0, 7, 2, 9, 4, 3, 6);
  }

  @Test
  void choiceWithoutReplacementMatchesNumpy() {
    // np.random.RandomState(0).choice(9724, 5, replace=False)
    assertThat(new NumpyRandom(0).choiceWithoutReplacement(9724, 5))
        .containsExactly(1651, 8361, 7931, 2774, 1332);
  }

  @Test
  void randintMatchesNumpy() {
    // r = RandomState(7); r.randint(0, 100, 5); r.randint(0, 2**33, 3)
    NumpyRandom r = new NumpyRandom(7);
    long[] small = new long[5];
    for (int i = 0; i < 5; i++) {
      small[i] = r.randint(0, 100);
    }
    assertThat(small).containsExactly(47, 68, 25, 67, 83);
    long[] big = new long[3];
    for (int i = 0; i < 3; i++) {
      big[i] = r.randint(0, 1L << 33);
    }
    assertThat(big).containsExactly(6251689575L, 1322904761L, 1133316631L);
  }

  @Test
  void rejectsSeedOutsideUint32() {
    assertThatThrownBy(() -> new NumpyRandom(-1)).hasMessageContaining("seed=-1");
  }
}
