package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Item side files in any supported format, detected from the name and then the content: RecBole
 * {@code .item}, MovieLens {@code movies.csv}, {@code movies.dat}, {@code u.item}, MIND {@code
 * news.tsv}, JSON Lines (Amazon metadata and the like; {@code .jsonl}, {@code .json}, optionally
 * gzipped, or any file whose first character is '{'), formats from {@link FormatReader} plug-ins
 * (e.g. Parquet), and otherwise a delimited table with a header (see {@link SideTables}).
 */
public final class ItemFiles {
  private ItemFiles() {}

  /** Name of the detected item-file kind, for reports. */
  public static String detect(Path file) throws IOException, DataFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, 0, null, "no such file");
    }
    if (Files.size(file) == 0) {
      throw new DataFormatException(file, 0, null, "empty file");
    }
    String n = Fields.name(file);
    String plain = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    if (plain.endsWith(".item")) {
      return "recbole";
    }
    if (plain.equals("movies.csv") || plain.equals("movies.dat") || plain.equals("u.item")) {
      return "movielens";
    }
    if (plain.equals("news.tsv")) {
      return "mind";
    }
    if (plain.endsWith(".jsonl") || plain.endsWith(".json") || plain.endsWith(".ndjson")) {
      return "jsonl";
    }
    for (FormatReader fr : DataLoader.plugins()) {
      if (fr.canRead(file)) {
        return fr.name();
      }
    }
    if (!n.endsWith(".gz")) {
      String first = DelimitedReader.firstLine(file);
      if (first != null && first.stripLeading().startsWith("{")) {
        return "jsonl";
      }
    }
    return "table";
  }

  /** Reads {@code file} into the builder's item catalogue and attributes. */
  public static void read(Path file, DatasetBuilder b, BadRows bad)
      throws IOException, DataFormatException {
    String kind = detect(file);
    String n = Fields.name(file);
    switch (kind) {
      case "recbole" -> SideTables.readItems(file, "\t", b, bad);
      case "mind" -> MindReader.readNews(file, b, bad);
      case "jsonl" -> JsonLinesReader.readItems(file, b, bad);
      case "movielens" -> MovieLensReader.readItemFile(file, n, b, bad);
      case "table" -> SideTables.readItems(file, null, b, bad);
      default -> {
        for (FormatReader fr : DataLoader.plugins()) {
          if (fr.name().equals(kind)) {
            fr.readItems(file, b, bad);
            return;
          }
        }
        throw new DataFormatException(file, 0, null, "unsupported item file");
      }
    }
  }
}
