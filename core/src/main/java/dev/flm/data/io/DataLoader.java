package dev.flm.data.io;

import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Entry point for reading data: detects the format of a folder or file and reads it into a {@link
 * Dataset}. Folders: MovieLens (ratings.csv / ratings.dat / u.data), RecBole (NAME.inter), MIND
 * (behaviors.tsv), Amazon (a reviews JSON Lines file beside a meta_*.json(l) file), tables (one
 * ratings or interactions table, optionally an items table). Files: RecBole {@code .inter}, JSON
 * Lines, delimited tables (.csv, .tsv, anything else by sniffing). Formats outside core (Parquet)
 * plug in through {@link FormatReader}. See docs/data-formats.md.
 */
public final class DataLoader {
  private DataLoader() {}

  /** Built-in format names. */
  public static final List<String> BUILT_IN =
      List.of(
          "movielens", "recbole", "mind", "amazon", "tables", "jsonl", "csv", "tsv", "delimited");

  /** Reads {@code path} with format detection; stops at the first malformed row. */
  public static Dataset load(Path path) throws IOException, DataFormatException {
    return load(path, ReadOptions.defaults()).dataset();
  }

  /** Reads {@code path} with {@code options}; the report counts skipped rows. */
  public static LoadResult load(Path path, ReadOptions options)
      throws IOException, DataFormatException {
    return load(path, null, options);
  }

  /**
   * Reads interactions from {@code path} and, when {@code items} is not null, the item catalogue
   * and attributes from that side file (any format {@link ItemFiles} detects). Items only in the
   * side file join the catalogue; items only in the interactions keep no attributes.
   */
  public static LoadResult load(Path path, Path items, ReadOptions options)
      throws IOException, DataFormatException {
    if (!Files.exists(path)) {
      throw new DataFormatException(path, 0, null, "no such file or folder");
    }
    String format =
        options.format() == null ? detect(path) : options.format().toLowerCase(Locale.ROOT);
    if (format.equals("tables")) {
      Path[] f = tableFiles(path);
      LoadResult r = loadTable(f[0], items != null ? items : f[1], detect(f[0]), options, "tables");
      Dataset d = r.dataset();
      Path folder = path.toAbsolutePath().normalize().getFileName();
      String name = folder == null ? d.name() : folder.toString();
      return new LoadResult(
          new Dataset(name, d.interactions(), d.items(), d.users()), r.report(), r.impressions());
    }
    if (items != null && format.equals("recbole") && Files.isRegularFile(path)) {
      format = "tsv";
    }
    if (items != null || isTableFormat(format)) {
      return loadTable(path, items, format, options);
    }
    BadRows bad = BadRows.of(options);
    switch (format) {
      case "movielens" -> {
        Dataset d = MovieLensReader.read(path, bad);
        return new LoadResult(d, bad.report(format));
      }
      case "recbole" -> {
        return RecBoleReader.read(path, options);
      }
      case "mind" -> {
        return MindReader.read(path, options);
      }
      case "amazon" -> {
        Path[] files = amazonFiles(path);
        return loadTable(files[0], files[1], "jsonl", options, "amazon");
      }
      default -> {
        FormatReader fr = plugin(format);
        if (fr == null) {
          throw new DataFormatException(
              path, 0, null, "unknown format '" + format + "' (known: " + knownFormats() + ")");
        }
        return fr.read(path, options);
      }
    }
  }

  private static boolean isTableFormat(String f) {
    return f.equals("csv") || f.equals("tsv") || f.equals("delimited") || f.equals("jsonl");
  }

  private static LoadResult loadTable(Path path, Path items, String format, ReadOptions o)
      throws IOException, DataFormatException {
    return loadTable(path, items, format, o, format);
  }

  private static LoadResult loadTable(
      Path path, Path items, String format, ReadOptions o, String label)
      throws IOException, DataFormatException {
    if (!isTableFormat(format)) {
      throw new DataFormatException(
          items,
          0,
          null,
          "an item file can only be combined with a single interaction file, not a "
              + format
              + " folder");
    }
    ReadOptions ro = o;
    if (ro.delimiter() == null && format.equals("tsv")) {
      ro = ro.withDelimiter("\t");
    } else if (ro.delimiter() == null && format.equals("csv")) {
      ro = ro.withDelimiter(",");
    }
    BadRows bad = BadRows.of(ro);
    DatasetBuilder into = null;
    if (items != null) {
      Probe p = probe(path, format, ro);
      into = new DatasetBuilder(p.ratings, p.timestamps);
      ItemFiles.read(items, into, bad);
    }
    if (into == null && !format.equals("jsonl")) {
      LoadResult r = DelimitedReader.read(path, ro);
      return new LoadResult(r.dataset(), relabel(r.report(), label));
    }
    DatasetBuilder b =
        format.equals("jsonl")
            ? JsonLinesReader.readInto(path, ro, into, bad)
            : DelimitedReader.readInto(path, ro, into, bad);
    return new LoadResult(b.build(DelimitedReader.baseName(path)), bad.report(label));
  }

  private static LoadReport relabel(LoadReport r, String format) {
    return new LoadReport(format, r.rowsRead(), r.rowsSkipped(), r.examples(), r.notes());
  }

  private record Probe(boolean ratings, boolean timestamps) {}

  /** Which optional columns an interaction file has, from its mapping and first line. */
  private static Probe probe(Path path, String format, ReadOptions o)
      throws IOException, DataFormatException {
    boolean hasR;
    boolean hasT;
    if (format.equals("jsonl")) {
      String first = DelimitedReader.firstLine(path);
      if (first == null) {
        throw new DataFormatException(path, 0, null, "empty file");
      }
      var node = JsonLinesReader.parse(first, path, 1);
      hasR = has(o.ratingCol(), () -> anyField(node, DelimitedReader.RATING_NAMES));
      hasT = has(o.timeCol(), () -> anyField(node, DelimitedReader.TIME_NAMES));
    } else {
      String delim = o.delimiter() != null ? o.delimiter() : DelimitedReader.detectDelimiter(path);
      String[] header;
      try (TableReader r = TableReader.open(path, delim, true)) {
        header = r.next();
      }
      if (header == null) {
        throw new DataFormatException(path, 0, null, "empty file");
      }
      if (!o.header()) {
        hasR = o.ratingCol() == null ? header.length > 2 : !o.ratingCol().isEmpty();
        hasT = o.timeCol() == null ? header.length > 3 : !o.timeCol().isEmpty();
      } else {
        hasR = has(o.ratingCol(), () -> Fields.find(header, DelimitedReader.RATING_NAMES) >= 0);
        hasT = has(o.timeCol(), () -> Fields.find(header, DelimitedReader.TIME_NAMES) >= 0);
      }
    }
    return new Probe(hasR, hasT);
  }

  private static boolean has(String spec, java.util.function.BooleanSupplier guess) {
    return spec == null ? guess.getAsBoolean() : !spec.isEmpty();
  }

  private static boolean anyField(com.fasterxml.jackson.databind.JsonNode node, String[] names) {
    var it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      for (String n : names) {
        if (f.equalsIgnoreCase(n)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Reads a pre-split train file: TSV with header {@code user item rating timestamp} (rating and
   * timestamp columns optional).
   */
  public static Dataset loadTrainFile(Path file) throws IOException, DataFormatException {
    return loadTrainFile(file, null, ReadOptions.defaults()).dataset();
  }

  /** A train file plus an item side file in any supported format (null for none). */
  public static LoadResult loadTrainFile(Path file, Path items, ReadOptions options)
      throws IOException, DataFormatException {
    ReadOptions o = options.withFormat("tsv").withHeader(true);
    if (o.delimiter() == null) {
      o = o.withDelimiter("\t");
    }
    return load(file, items, o);
  }

  /** Format names this loader accepts, plug-ins included. */
  public static List<String> knownFormats() {
    List<String> out = new ArrayList<>(BUILT_IN);
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
      if (MindReader.looksLike(path)) {
        return "mind";
      }
      if (RecBoleReader.interFile(path) != null) {
        return "recbole";
      }
      if (amazonFilesOrNull(path) != null) {
        return "amazon";
      }
      if (tableFilesOrNull(path) != null) {
        return "tables";
      }
      for (FormatReader fr : plugins()) {
        if (fr.canRead(path)) {
          return fr.name();
        }
      }
      throw new DataFormatException(
          path, 0, null, "cannot tell the format of this folder (known: " + knownFormats() + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw new DataFormatException(path, 0, null, "no such file or folder");
    }
    if (Files.size(path) == 0) {
      throw new DataFormatException(path, 0, null, "empty file");
    }
    String n = Fields.name(path);
    String plain = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    if (plain.endsWith(".inter")) {
      return "recbole";
    }
    if (plain.endsWith(".jsonl") || plain.endsWith(".json") || plain.endsWith(".ndjson")) {
      return "jsonl";
    }
    if (plain.endsWith(".tsv") || plain.endsWith(".tab")) {
      return "tsv";
    }
    if (plain.endsWith(".csv")) {
      return "csv";
    }
    for (FormatReader fr : plugins()) {
      if (fr.canRead(path)) {
        return fr.name();
      }
    }
    if (!n.endsWith(".gz")) {
      String first = DelimitedReader.firstLine(path);
      if (first != null && first.stripLeading().startsWith("{")) {
        return "jsonl";
      }
    }
    return "delimited";
  }

  private static Path[] amazonFiles(Path dir) throws IOException, DataFormatException {
    Path[] f = amazonFilesOrNull(dir);
    if (f == null) {
      throw new DataFormatException(
          dir, 0, null, "expected a reviews .json(l) file and a meta_*.json(l) file");
    }
    return f;
  }

  private static final List<String> TABLE_INTERACTIONS = List.of("ratings", "interactions");
  private static final List<String> TABLE_EXTENSIONS =
      List.of("csv", "tsv", "tab", "jsonl", "json", "ndjson");

  private static Path[] tableFiles(Path dir) throws IOException, DataFormatException {
    Path[] f = tableFilesOrNull(dir);
    if (f == null) {
      throw new DataFormatException(
          dir,
          0,
          null,
          "expected one interactions table (ratings or interactions, ."
              + String.join("/.", TABLE_EXTENSIONS)
              + ") and optionally an items table");
    }
    return f;
  }

  /**
   * {interactions, items or null} of a folder holding one interactions table ({@code ratings.tsv},
   * {@code interactions.csv}, {@code ratings.jsonl}, ...) and optionally {@code items.EXT}, as
   * {@code flm quickstart} writes its demo data; null when the folder is not laid out so.
   */
  private static Path[] tableFilesOrNull(Path dir) throws IOException, DataFormatException {
    List<Path> interactions = new ArrayList<>();
    List<Path> items = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = Fields.name(p);
        String plain = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
        int dot = plain.indexOf('.');
        if (dot < 0 || !Files.isRegularFile(p)) {
          continue;
        }
        String base = plain.substring(0, dot);
        if (!TABLE_EXTENSIONS.contains(plain.substring(dot + 1))) {
          continue;
        }
        if (TABLE_INTERACTIONS.contains(base)) {
          interactions.add(p);
        } else if (base.equals("items")) {
          items.add(p);
        }
      }
    }
    if (interactions.isEmpty()) {
      return null;
    }
    if (interactions.size() > 1 || items.size() > 1) {
      List<Path> all = new ArrayList<>(interactions.size() > 1 ? interactions : items);
      all.sort(null);
      throw new DataFormatException(
          dir, 0, null, "more than one table could be meant: " + all + "; keep one");
    }
    return new Path[] {interactions.get(0), items.isEmpty() ? null : items.get(0)};
  }

  /** {reviews, meta} JSON Lines files of an Amazon folder, or null. */
  private static Path[] amazonFilesOrNull(Path dir) throws IOException {
    Path reviews = null;
    Path meta = null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = Fields.name(p);
        String plain = n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
        if (!(plain.endsWith(".json") || plain.endsWith(".jsonl"))) {
          continue;
        }
        if (n.startsWith("meta")) {
          meta = meta == null || p.compareTo(meta) < 0 ? p : meta;
        } else {
          reviews = reviews == null || p.compareTo(reviews) < 0 ? p : reviews;
        }
      }
    }
    return reviews != null && meta != null ? new Path[] {reviews, meta} : null;
  }

  static FormatReader plugin(String name) {
    for (FormatReader fr : plugins()) {
      if (fr.name().equalsIgnoreCase(name)) {
        return fr;
      }
    }
    return null;
  }

  static List<FormatReader> plugins() {
    List<FormatReader> out = new ArrayList<>();
    for (FormatReader fr : ServiceLoader.load(FormatReader.class)) {
      out.add(fr);
    }
    return out;
  }
}
