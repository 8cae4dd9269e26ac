package dev.flm.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrawingTest {
  @Test
  void returnsWhatWasDrawn() {
    List<String> why = new ArrayList<>();
    assertThat(Drawing.attempt(() -> "png", why::add)).contains("png");
    assertThat(why).isEmpty();
  }

  @Test
  void aRuntimeThatCannotDrawGivesAReasonInsteadOfAnError() {
    List<String> why = new ArrayList<>();
    assertThat(
            Drawing.attempt(
                () -> {
                  throw new NoClassDefFoundError("java/awt/Shape");
                },
                why::add))
        .isEmpty();
    assertThat(
            Drawing.attempt(
                () -> {
                  throw new IllegalStateException("no fonts");
                },
                why::add))
        .isEmpty();
    assertThat(why)
        .containsExactly(
            "java.lang.NoClassDefFoundError: java/awt/Shape; drawing needs the java.desktop module"
                + " and fonts",
            "java.lang.IllegalStateException: no fonts; drawing needs the java.desktop module and"
                + " fonts");
  }

  @Test
  void runningOutOfMemoryStillPropagates() {
    assertThatThrownBy(
            () ->
                Drawing.attempt(
                    () -> {
                      throw new OutOfMemoryError("heap");
                    },
                    why -> {}))
        .isInstanceOf(OutOfMemoryError.class);
  }
}
