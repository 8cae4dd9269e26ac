package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryWatchTest {
  @TempDir Path dir;

  private Path meminfo;
  private Path status;
  private Path clearRefs;

  private MemoryWatch watch(long availableKb, long rssKb, long hwmKb) throws IOException {
    meminfo = dir.resolve("meminfo");
    status = dir.resolve("status");
    clearRefs = dir.resolve("clear_refs");
    set(availableKb, rssKb, hwmKb);
    return new MemoryWatch(meminfo, status, clearRefs);
  }

  private void set(long availableKb, long rssKb, long hwmKb) throws IOException {
    Files.writeString(
        meminfo,
        "MemTotal:       24683604 kB\nMemFree:         1000000 kB\nMemAvailable:    "
            + availableKb
            + " kB\n");
    Files.writeString(
        status, "Name:\tjava\nVmHWM:\t" + hwmKb + " kB\nVmRSS:\t" + rssKb + " kB\nThreads:\t9\n");
  }

  @Test
  void stopsBeforeAStepThatWouldNotFitWithTheBatchSizeAndWhatToLower() throws IOException {
    MemoryWatch w = watch(20_000_000, 4_000_000, 4_000_000);
    w.beforeStep(1, 0, 4096, 256);
    assertThat(Files.readString(clearRefs)).isEqualTo("5"); // peak reset for the step
    set(12_000_000, 4_100_000, 12_000_000); // the step rose to 12 GB, 8 GB above resting
    w.afterStep();
    assertThat(w.largestRiseKb()).isEqualTo(8_000_000);
    // 12 GB left: 8 GB x 1.25 fits.
    assertThatCode(() -> w.beforeStep(1, 1, 4096, 256)).doesNotThrowAnyException();
    set(9_000_000, 4_200_000, 4_200_000); // something else took memory: 9 GB left
    assertThatThrownBy(() -> w.beforeStep(1, 2, 4096, 256))
        .isInstanceOf(OutOfMemory.class)
        .hasMessageContaining("training step 3 of epoch 1")
        .hasMessageContaining("batch-size 4096")
        .hasMessageContaining("256 negatives")
        .hasMessageContaining("7.6 GiB above")
        .hasMessageContaining("8.6 GiB available")
        .hasMessageContaining("-p batch-size=2048");
  }

  @Test
  void doesNothingWhereTheProcessFilesCannotBeRead() {
    MemoryWatch w =
        new MemoryWatch(dir.resolve("none"), dir.resolve("none2"), dir.resolve("none3"));
    assertThatCode(
            () -> {
              w.beforeStep(1, 0, 1024, 256);
              w.afterStep();
              w.beforeStep(1, 1, 1024, 256);
            })
        .doesNotThrowAnyException();
    assertThat(w.largestRiseKb()).isZero();
  }
}
