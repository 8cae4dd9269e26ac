package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Entry point for reading data: detects the format of a folder or file and reads it into a {@link
 * Dataset}. Folders: MovieLens (ratings.csv / ratings.dat / u.data). Files: delimited tables (.csv,
 * .tsv, .dat, .txt). Formats outside core plug in through {@link FormatReader}.
 */
public final class DataLoader {
  private DataLoader() {}

  /** Reads {@code path} with format detection; stops at the first malformed row. */
  public static Dataset load(Path path) throws IOException, DataFormatException {
    return load(path, ReadOptions.defaults()).dataset();
  }

  /** Reads {@code path} with {@code options}; the report counts skipped rows. */
  public static LoadResult load(Path path, ReadOptions options)
      throws IOException, DataFormatException {
    if (!Files.exists(path)) {
      throw new DataFormatException(path, 0, null, "no such file or folder");
    }
    String format =
        options.format() == null ? detect(path) : options.format().toLowerCase(Locale.ROOT);
    BadRows bad = BadRows.of(options);
    switch (format) {
      case "movielens" -> {
        Dataset d = MovieLensReader.read(path, bad);
        return new LoadResult(d, bad.report(format));
      }
      case "csv", "tsv", "delimited" -> {
        ReadOptions o = options;
        if (o.delimiter() == null && format.equals("tsv")) {
          o = o.withDelimiter("\t");
        } else if (o.delimiter() == null && format.equals("csv")) {
          o = o.withDelimiter(",");
        }
        LoadResult r = DelimitedReader.read(path, o);
        return new LoadResult(r.dataset(), relabel(r.report(), format));
      }
      default -> {
        for (FormatReader fr : plugins()) {
          if (fr.name().equalsIgnoreCase(format)) {
            return fr.read(path, options);
          }
        }
        throw new DataFormatException(
            path, 0, null, "unknown format '" + format + "' (known: " + knownFormats() + ")");
      }
    }
  }

  private static LoadReport relabel(LoadReport r, String format) {
    return new LoadReport(format, r.rowsRead(), r.rowsSkipped(), r.examples(), r.notes());
  }

  /** Format names this loader accepts, plug-ins included. */
  public static List<String> knownFormats() {
    List<String> out = new ArrayList<>(List.of("movielens", "csv", "tsv", "delimited"));
    for (FormatReader fr : plugins()) {
      out.add(fr.name());
    }
    return out;
  }

  /** The format name of {@code path}, detected from folder contents, file name and content. */
  public static String detect(Path path) throws IOException, DataFormatException {
    if (Files.isDirectory(path)) {
      if (MovieLensReader.looksLike(path)) {
        return "movielens";
      }
      for (FormatReader fr : plugins()) {
        if (fr.canRead(path)) {
          return fr.name();
        }
      }
      throw new DataFormatException(
          path, 0, null, "cannot tell the format of this folder (known: " + knownFormats() + ")");
    }
    if (Files.size(path) == 0) {
      throw new DataFormatException(path, 0, null, "empty file");
    }
    String n = Fields.name(path);
    if (n.endsWith(".tsv") || n.endsWith(".tab")) {
      return "tsv";
    }
    if (n.endsWith(".csv")) {
      return "csv";
    }
    for (FormatReader fr : plugins()) {
      if (fr.canRead(path)) {
        return fr.name();
      }
    }
    return "delimited";
  }

  static List<FormatReader> plugins() {
    List<FormatReader> out = new ArrayList<>();
    for (FormatReader fr : ServiceLoader.load(FormatReader.class)) {
      out.add(fr);
    }
    return out;
  }
}
