package dev.flm.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Prints, one per line, the token ids a tokenizer gives the lines of some text files (each whole
 * line and each comma-separated field, with {@code |} read as a space). {@code
 * bench/device/package.sh} keeps only these rows of a model's word embeddings to shrink what it
 * sends to a device machine.
 *
 * <p>Usage: {@code UsedTokenIds TOKENIZER_JSON FILE...}
 */
public final class UsedTokenIds {
  private UsedTokenIds() {}

  public static void main(String[] args) throws Exception {
    BitSet used = new BitSet();
    try (HuggingFaceTokenizer tok =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(Path.of(args[0]))
            .optAddSpecialTokens(true)
            .optTruncation(false)
            .build()) {
      for (int i = 1; i < args.length; i++) {
        for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
          mark(tok, line, used);
          for (String field : line.split(",")) {
            mark(tok, field.replace("\"", "").replace('|', ' '), used);
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int id = used.nextSetBit(0); id >= 0; id = used.nextSetBit(id + 1)) {
      out.append(id).append('\n');
    }
    System.out.print(out);
  }

  private static void mark(HuggingFaceTokenizer tok, String text, BitSet used) {
    for (long id : tok.encode(text).getIds()) {
      used.set((int) id);
    }
  }
}
