package dev.flm.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Atomic file writes: write a temporary file beside the target, fsync it, rename it over the
 * target. A crash leaves either the old file or the new one, never a torn one.
 */
public final class AtomicFiles {
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong COUNTER = new AtomicLong();

  private AtomicFiles() {}

  /** Writes what {@code body} produces to {@code target} atomically. */
  public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: that makes the file owner-only (0600); CREATE_NEW keeps the umask.
    Path tmp =
        dir.resolve(
            "." + target.getFileName() + "." + PID + "-" + COUNTER.incrementAndGet() + ".tmp");
    try {
      try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
          OutputStream out =
              new java.io.BufferedOutputStream(
                  java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
        body.accept(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      fsyncDir(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  private static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open directories; the rename itself is still atomic there.
    }
  }

  /** A consumer that may throw {@link IOException}. */
  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
