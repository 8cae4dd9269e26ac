package dev.flm.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesContentAndLeavesNoTemporaryFiles() throws IOException {
    Path target = dir.resolve("out.tsv");
    AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(target)).isEqualTo("new");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void failedWriteKeepsTheOldFile() throws IOException {
    Path target = dir.resolve("model.bin");
    AtomicFiles.write(target, "kept".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(target)).isEqualTo("kept");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writtenFilesGetTheSamePermissionsAsOrdinaryFiles() throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    Path atomic = dir.resolve("atomic.txt");
    AtomicFiles.write(atomic, "x".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.getPosixFilePermissions(atomic))
        .isEqualTo(Files.getPosixFilePermissions(plain));
  }
}
