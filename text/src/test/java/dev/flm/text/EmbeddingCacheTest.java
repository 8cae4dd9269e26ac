package dev.flm.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
  @TempDir Path dir;

  @Test
  void secondRunIsServedFromDiskWithEqualVectors() throws Exception {
    List<String> texts = List.of("Toy Story (1995)", "Heat (1995)", "", "Toy Story (1995)");
    float[][] first;
    try (CachingEncoder enc =
        new CachingEncoder(
            ModelCatalogue.open("all-minilm-l6-v2-q"),
            EmbeddingCache.open(dir, "all-minilm-l6-v2-q@1.19.0-beta29", 384))) {
      Encoded e = enc.encodeWithReport(texts, Role.PASSAGE);
      first = e.vectors();
      assertThat(e.report().cacheHits()).isZero();
      assertThat(e.report().empty()).isEqualTo(1);
      assertThat(enc.cache().size()).isEqualTo(2);
    }
    EmbeddingCache reopened = EmbeddingCache.open(dir, "all-minilm-l6-v2-q@1.19.0-beta29", 384);
    assertThat(reopened.warning()).isNull();
    assertThat(reopened.size()).isEqualTo(2);
    try (CachingEncoder enc =
        new CachingEncoder(ModelCatalogue.open("all-minilm-l6-v2-q"), reopened)) {
      Encoded e = enc.encodeWithReport(texts, Role.PASSAGE);
      assertThat(e.report().cacheHits()).isEqualTo(3);
      assertThat(e.report().encoded()).isZero();
      for (int i = 0; i < texts.size(); i++) {
        assertThat(e.vectors()[i]).containsExactly(first[i]);
      }
    }
  }

  @Test
  void corruptOrForeignFilesAreReportedAndReplaced() throws Exception {
    EmbeddingCache c = EmbeddingCache.open(dir, "model-a", 3);
    c.put("x", new float[] {1, 2, 3});
    c.flush();
    assertThat(EmbeddingCache.open(dir, "model-a", 4).warning()).contains("dim 3");
    byte[] b = Files.readAllBytes(c.file());
    b[b.length / 2] ^= 0x55;
    Files.write(c.file(), b);
    EmbeddingCache broken = EmbeddingCache.open(dir, "model-a", 3);
    assertThat(broken.warning()).contains(c.file().toString()).contains("checksum");
    assertThat(broken.size()).isZero();
    assertThat(broken.get("x")).isNull();
  }

  @Test
  void vectorFilesRoundTripInBothFormats() throws Exception {
    float[][] m = {{1f, -2.5f, 3f}, {0f, 1e-7f, 7f}};
    for (String name : List.of("v.flmv", "v.npy")) {
      Path p = dir.resolve(name);
      VectorFiles.write(p, m, "enc");
      assertThat(VectorFiles.read(p)).isDeepEqualTo(m);
    }
    byte[] npy = Files.readAllBytes(dir.resolve("v.npy"));
    assertThat(new String(npy, 1, 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("NUMPY");
    assertThat((10 + (npy[8] & 0xFF)) % 64).isZero();
    assertThat(npy.length).isEqualTo(10 + (npy[8] & 0xFF) + 2 * 3 * 4);
  }
}
