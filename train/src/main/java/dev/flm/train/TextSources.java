package dev.flm.train;

import dev.flm.text.Role;
import dev.flm.text.SharedEncoders;
import dev.flm.text.TextEncoder;
import java.util.List;

/**
 * Resolves an encoder name to a {@link TextSource}: {@code hashing} or {@code hashing-N} for the
 * dependency-free {@link HashingTextSource}; any other name is a pretrained encoder of the text
 * module's catalogue (or a local model folder), opened once per process with its on-disk embedding
 * cache, so a catalogue is encoded once and later runs read the cached vectors.
 */
public final class TextSources {
  private TextSources() {}

  /** The source called {@code name}. */
  public static TextSource resolve(String name) {
    if (name.equals("hashing")) {
      return new HashingTextSource(256);
    }
    if (name.startsWith("hashing-")) {
      try {
        return new HashingTextSource(Integer.parseInt(name.substring("hashing-".length())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("encoder must be hashing-N with N a number; " + name);
      }
    }
    return of(SharedEncoders.get(name), name);
  }

  /** A source over a text-module encoder (not closed by the source). */
  public static TextSource of(TextEncoder encoder, String name) {
    return new TextSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int dim() {
        return encoder.dimension();
      }

      @Override
      public float[][] encode(List<String> texts) {
        return encoder.encode(texts, Role.PASSAGE);
      }

      @Override
      public float[][] encodeQueries(List<String> texts) {
        return encoder.encode(texts, Role.QUERY);
      }
    };
  }
}
