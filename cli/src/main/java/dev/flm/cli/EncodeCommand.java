package dev.flm.cli;

import dev.flm.data.DataFormatException;
import dev.flm.text.CachingEncoder;
import dev.flm.text.EmbeddingCache;
import dev.flm.text.Encoded;
import dev.flm.text.ModelCatalogue;
import dev.flm.text.OnnxEncoder;
import dev.flm.text.Role;
import dev.flm.text.TextEncoder;
import dev.flm.text.VectorFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code flm encode}: one text per line in, one vector per line out. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Encode texts (one per line, UTF-8) into vectors with a pretrained encoder.",
      "Writes FLM's checksummed vector file, or a NumPy .npy array when --out ends in .npy."
          + " Vectors are cached on disk by (encoder, text), so a re-run over unchanged texts is"
          + " near-instant."
    })
final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--encoder",
      paramLabel = "NAME",
      defaultValue = ModelCatalogue.DEFAULT,
      description =
          "all-minilm-l6-v2, bge-small-en-v1.5, bge-small-zh-v1.5, e5-small-v2, their int8"
              + " variants (add -q), or a local model folder (default: ${DEFAULT-VALUE}).")
  String encoder;

  @Option(
      names = "--texts",
      required = true,
      paramLabel = "FILE",
      description = "Texts, one per line, UTF-8.")
  Path texts;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Vector file to write (.npy for NumPy).")
  Path out;

  @Option(
      names = "--role",
      paramLabel = "ROLE",
      defaultValue = "passage",
      description =
          "passage (documents, items) or query (searches, user text); default: ${DEFAULT-VALUE}.")
  Role role;

  @Option(names = "--no-cache", description = "Neither read nor write the embedding cache.")
  boolean noCache;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Model runs in parallel (default: all cores).")
  Integer threads;

  @Override
  public Integer call() throws IOException, DataFormatException {
    PrintWriter err = spec.commandLine().getErr();
    List<String> lines = readLines(texts);
    List<Long> emptyLines = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        emptyLines.add(i + 1L);
      }
    }
    OnnxEncoder.Options opts = OnnxEncoder.Options.defaults();
    if (threads != null) {
      if (threads < 1) {
        throw new UserException("--threads must be at least 1; threads=" + threads);
      }
      opts = opts.withThreads(1, threads);
    }
    Encoded e;
    OnnxEncoder raw = ModelCatalogue.open(encoder, opts);
    try (TextEncoder enc = noCache ? raw : cached(raw, err)) {
      e = enc.encodeWithReport(lines, role);
      VectorFiles.write(out, e.vectors(), enc.id());
    }
    err.println("flm: " + e.report().summary());
    if (!emptyLines.isEmpty()) {
      err.println(
          "flm: "
              + emptyLines.size()
              + " empty line(s) got zero vectors, e.g. "
              + texts
              + ":"
              + emptyLines.subList(0, Math.min(5, emptyLines.size())));
    }
    if (e.report().truncated() > 0) {
      err.println(
          "flm: "
              + e.report().truncated()
              + " text(s) were longer than the encoder's "
              + raw.maxLength()
              + " tokens and were truncated");
    }
    err.println(
        "flm: wrote " + lines.size() + " vectors of dimension " + raw.dimension() + " to " + out);
    err.flush();
    return 0;
  }

  private static TextEncoder cached(OnnxEncoder raw, PrintWriter err) throws IOException {
    CachingEncoder c = CachingEncoder.wrap(raw);
    EmbeddingCache cache = c.cache();
    if (cache.warning() != null) {
      err.println("flm: warning: " + cache.warning());
    }
    return c;
  }

  /** Lines of a strict UTF-8 file; invalid bytes are an error naming the line. */
  static List<String> readLines(Path file) throws IOException, DataFormatException {
    if (!Files.isRegularFile(file)) {
      throw new DataFormatException(file, 0, null, "no such file");
    }
    byte[] all = Files.readAllBytes(file);
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> lines = new ArrayList<>();
    int start = 0;
    long line = 1;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        if (i == all.length && i == start) {
          break;
        }
        int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
        CharBuffer cb;
        try {
          cb = dec.reset().decode(ByteBuffer.wrap(all, start, end - start));
        } catch (CharacterCodingException ex) {
          throw new DataFormatException(
              file, line, "text", "invalid UTF-8 bytes (save the file as UTF-8)");
        }
        String s = cb.toString();
        if (line == 1 && s.startsWith("\uFEFF")) {
          s = s.substring(1);
        }
        lines.add(s);
        start = i + 1;
        line++;
      }
    }
    return lines;
  }
}
