package dev.flm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorsTest {
  @Test
  void aWrapperThatOnlyRepeatsItsCauseAddsNothing() {
    var cause = new NoSuchFileException("/data/ratings.csv");
    assertThat(Errors.oneLine(new UncheckedIOException(cause)))
        .isEqualTo("file not found: /data/ratings.csv");
    assertThat(Errors.oneLine(new ExecutionException(new UncheckedIOException(cause))))
        .isEqualTo("file not found: /data/ratings.csv");
    assertThat(Errors.oneLine(new RuntimeException(cause)))
        .isEqualTo("file not found: /data/ratings.csv");
  }

  @Test
  void aWrappersOwnMessageIsKeptAsContext() {
    var cause = new NoSuchFileException("/models/ft1/encoder/config.json");
    assertThat(Errors.oneLine(new UncheckedIOException("init-from /models/ft1", cause)))
        .isEqualTo("init-from /models/ft1: file not found: /models/ft1/encoder/config.json");
    assertThat(
            Errors.oneLine(
                new InvocationTargetException(
                    new UncheckedIOException(
                        "reading items.csv", new IOException("line 3, field title: empty")))))
        .isEqualTo("reading items.csv: line 3, field title: empty");
  }

  @Test
  void contextAlreadyInTheCausesMessageIsNotRepeated() {
    var cause = new IOException("init-from /m: no such folder");
    assertThat(Errors.oneLine(new UncheckedIOException(cause.getMessage(), cause)))
        .isEqualTo("init-from /m: no such folder");
    assertThat(Errors.oneLine(new UncheckedIOException("init-from /m", cause)))
        .isEqualTo("init-from /m: no such folder");
  }

  @Test
  void aWrapperThatQuotesItsCauseKeepsOnlyWhatItAdds() {
    var cause = new NoSuchFileException("/models/ft1/encoder/model.onnx");
    assertThat(
            Errors.oneLine(
                new UncheckedIOException(
                    "exporting the fine-tuned encoder: " + cause.getMessage(), cause)))
        .isEqualTo(
            "exporting the fine-tuned encoder: file not found: /models/ft1/encoder/model.onnx");
    var full = new IOException("No space left on device");
    assertThat(
            Errors.oneLine(
                new UncheckedIOException(
                    "/ckpt/epoch-3.bin: cannot write checkpoint: " + full.getMessage(), full)))
        .isEqualTo("/ckpt/epoch-3.bin: cannot write checkpoint: No space left on device");
    var missing = new NoSuchFileException("/ckpt");
    assertThat(
            Errors.oneLine(
                new UncheckedIOException(
                    "/ckpt/epoch-3.bin: cannot write checkpoint: " + missing.getMessage(),
                    missing)))
        .isEqualTo("/ckpt/epoch-3.bin: cannot write checkpoint: file not found: /ckpt");
  }

  @Test
  void foreignExceptionsAreNamedAndUserErrorsAreNot() {
    assertThat(Errors.oneLine(new IllegalArgumentException("--k must be positive")))
        .isEqualTo("--k must be positive");
    assertThat(Errors.oneLine(new ArithmeticException("/ by zero")))
        .isEqualTo("ArithmeticException: / by zero");
    assertThat(Errors.oneLine(new IllegalStateException("two\nlines"))).isEqualTo("two lines");
  }
}
