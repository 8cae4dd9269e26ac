package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A reader for a format that lives outside core (e.g. Parquet in module {@code flm-parquet}), found
 * through {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/dev.flm.data.io.FormatReader}. {@link DataLoader} asks each one whether it
 * reads a path when the built-in formats do not.
 */
public interface FormatReader {
  /** Format name, as accepted by {@link ReadOptions#format()} (case-insensitive). */
  String name();

  /** True if this reader recognises {@code path} (by name or content). */
  boolean canRead(Path path) throws IOException;

  /** Reads interactions (and any side information the source holds). */
  LoadResult read(Path path, ReadOptions options) throws IOException, DataFormatException;

  /**
   * Reads an item side file into {@code builder} (catalogue and attributes). The default says the
   * format has no item files.
   */
  default void readItems(Path path, DatasetBuilder builder, BadRows bad)
      throws IOException, DataFormatException {
    throw new DataFormatException(path, 0, null, name() + " item files are not supported");
  }
}
