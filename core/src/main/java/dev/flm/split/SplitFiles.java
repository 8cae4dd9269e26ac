package dev.flm.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.data.DataFormatException;
import dev.flm.data.Dataset;
import dev.flm.data.IdIndex;
import dev.flm.data.Interactions;
import dev.flm.io.AtomicFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Writes a {@link Split} to a folder and reads it back, so a split can be made once and shared
 * (also with tools outside FLM).
 *
 * <p>Folder format {@code flm-split} version 1: {@code train.tsv}, {@code test.tsv} and, when
 * present, {@code validation.tsv}, each a UTF-8 TSV with the header {@code
 * user<TAB>item<TAB>rating<TAB>timestamp} (the train-file format of {@code flm train}; rating 1 and
 * timestamp 0 when the data has none); {@code candidates.txt} with one item id per line for a fixed
 * candidate set; and {@code split.json} with {@code format}, {@code formatVersion}, {@code
 * protocol}, {@code candidates} ({@code "all-unseen"} or {@code "fixed"}), {@code candidatesText},
 * {@code hasRatings}, {@code hasTimestamps} and the counts of each part.
 */
public final class SplitFiles {
  public static final String FORMAT = "flm-split";
  public static final int FORMAT_VERSION = 1;
  public static final String HEADER = "user\titem\trating\ttimestamp";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SplitFiles() {}

  /** Writes {@code split} into {@code dir} (created if needed; files replaced atomically). */
  public static void write(Split split, Path dir) throws IOException {
    Files.createDirectories(dir);
    Interactions train = split.train().interactions();
    writeTsv(dir.resolve("train.tsv"), train);
    writeTsv(dir.resolve("test.tsv"), split.test().interactions());
    if (split.validation() != null) {
      writeTsv(dir.resolve("validation.tsv"), split.validation().interactions());
    } else {
      Files.deleteIfExists(dir.resolve("validation.tsv"));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("dataset", split.train().name());
    root.put("protocol", split.protocol());
    CandidateRule rule = split.candidates();
    if (rule instanceof CandidateRule.Fixed f) {
      root.put("candidates", "fixed");
      StringBuilder sb = new StringBuilder();
      IdIndex items = train.itemIndex();
      f.items().stream().forEach(i -> sb.append(items.idOf(i)).append('\n'));
      AtomicFiles.write(
          dir.resolve("candidates.txt"), sb.toString().getBytes(StandardCharsets.UTF_8));
    } else if (rule == CandidateRule.allUnseen()) {
      root.put("candidates", "all-unseen");
      Files.deleteIfExists(dir.resolve("candidates.txt"));
    } else {
      throw new IllegalArgumentException(
          "only full-ranking and fixed candidate sets can be written; candidates="
              + rule.describe());
    }
    root.put("candidatesText", rule.describe());
    root.put("hasRatings", train.hasRatings());
    root.put("hasTimestamps", train.hasTimestamps());
    ObjectNode counts = root.putObject("counts");
    counts.put("train", train.size());
    counts.put("test", split.test().interactions().size());
    counts.put(
        "validation", split.validation() == null ? 0 : split.validation().interactions().size());
    AtomicFiles.write(dir.resolve("split.json"), JSON.writeValueAsBytes(root));
  }

  private static void writeTsv(Path file, Interactions in) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          BufferedWriter w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
          w.write(HEADER);
          w.write('\n');
          IdIndex u = in.userIndex();
          IdIndex it = in.itemIndex();
          for (int i = 0; i < in.size(); i++) {
            w.write(u.idOf(in.users()[i]));
            w.write('\t');
            w.write(it.idOf(in.items()[i]));
            w.write('\t');
            float r = in.rating(i);
            w.write(r == Math.rint(r) ? Long.toString((long) r) : Float.toString(r));
            w.write('\t');
            w.write(Long.toString(in.hasTimestamps() ? in.timestamps()[i] : 0L));
            w.write('\n');
          }
          w.flush();
        });
  }

  /**
   * Reads a split written by {@link #write} over the indices (and side information) of {@code
   * data}, the data set it was made from; an id that data does not know is an error naming the
   * file, line and field.
   */
  public static Split read(Path dir, Dataset data) throws IOException, DataFormatException {
    Path meta = dir.resolve("split.json");
    if (!Files.isRegularFile(meta)) {
      throw new DataFormatException(meta, 0, null, "not an FLM split folder (no split.json)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(meta.toFile());
    } catch (IOException e) {
      throw new DataFormatException(meta, 0, null, "unreadable JSON: " + e.getMessage());
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new DataFormatException(meta, 0, "format", "format is not " + FORMAT);
    }
    if (root.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
      throw new DataFormatException(
          meta,
          0,
          "formatVersion",
          "split format version "
              + root.path("formatVersion").asText()
              + " is not supported (this FLM reads "
              + FORMAT_VERSION
              + ")");
    }
    boolean ratings = root.path("hasRatings").asBoolean(true);
    boolean timestamps = root.path("hasTimestamps").asBoolean(true);
    Dataset train =
        data.withInteractions(readTsv(dir.resolve("train.tsv"), data, ratings, timestamps));
    Dataset test =
        data.withInteractions(readTsv(dir.resolve("test.tsv"), data, ratings, timestamps));
    Path vf = dir.resolve("validation.tsv");
    Dataset validation =
        Files.isRegularFile(vf)
            ? data.withInteractions(readTsv(vf, data, ratings, timestamps))
            : null;
    CandidateRule rule = CandidateRule.allUnseen();
    if ("fixed".equals(root.path("candidates").asText())) {
      Path cf = dir.resolve("candidates.txt");
      rule = CandidateRule.items(readItemIds(cf, data.itemIndex()), "the candidates of " + cf);
    }
    return new Split(train, test, validation, root.path("protocol").asText(), rule);
  }

  /** Reads a file of item ids, one per line (blank lines and {@code #} comments ignored). */
  public static BitSet readItemIds(Path file, IdIndex items)
      throws IOException, DataFormatException {
    BitSet b = new BitSet(items.size());
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        String id = line.strip();
        if (id.isEmpty() || id.startsWith("#")) {
          continue;
        }
        int i = items.indexOf(id);
        if (i < 0) {
          throw new DataFormatException(file, no, "item", "unknown item id '" + id + "'");
        }
        b.set(i);
      }
    }
    return b;
  }

  private static Interactions readTsv(Path file, Dataset data, boolean ratings, boolean timestamps)
      throws IOException, DataFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, 0, null, "missing split file");
    }
    IdIndex users = data.userIndex();
    IdIndex items = data.itemIndex();
    int n = 0;
    int[] us = new int[1024];
    int[] is = new int[1024];
    float[] rs = new float[1024];
    long[] ts = new long[1024];
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      if (line == null || !line.strip().equals(HEADER)) {
        throw new DataFormatException(
            file, 1, "header", "expected header '" + HEADER.replace("\t", "<TAB>") + "'");
      }
      long no = 1;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
          throw new DataFormatException(
              file, no, null, "expected 4 tab-separated fields, found " + f.length);
        }
        int u = users.indexOf(f[0]);
        if (u < 0) {
          throw new DataFormatException(file, no, "user", "unknown user id '" + f[0] + "'");
        }
        int it = items.indexOf(f[1]);
        if (it < 0) {
          throw new DataFormatException(file, no, "item", "unknown item id '" + f[1] + "'");
        }
        float rating;
        long t;
        try {
          rating = Float.parseFloat(f[2]);
        } catch (NumberFormatException e) {
          throw new DataFormatException(file, no, "rating", "not a number: '" + f[2] + "'");
        }
        try {
          t = Long.parseLong(f[3]);
        } catch (NumberFormatException e) {
          throw new DataFormatException(file, no, "timestamp", "not an integer: '" + f[3] + "'");
        }
        if (n == us.length) {
          us = Arrays.copyOf(us, n * 2);
          is = Arrays.copyOf(is, n * 2);
          rs = Arrays.copyOf(rs, n * 2);
          ts = Arrays.copyOf(ts, n * 2);
        }
        us[n] = u;
        is[n] = it;
        rs[n] = rating;
        ts[n++] = t;
      }
    }
    return new Interactions(
        users,
        items,
        Arrays.copyOf(us, n),
        Arrays.copyOf(is, n),
        ratings ? Arrays.copyOf(rs, n) : null,
        timestamps ? Arrays.copyOf(ts, n) : null);
  }
}
