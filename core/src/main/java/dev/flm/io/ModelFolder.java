package dev.flm.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.data.IdIndex;
import dev.flm.model.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A saved model: a folder with a {@code model.json} manifest and the files the model type writes.
 *
 * <p>Manifest format {@code flm-model} version 1: {@code format}, {@code formatVersion}, {@code
 * type} (the {@link dev.flm.model.ModelType} name), {@code provenance}, {@code files} (name to
 * SHA-256 of every file the model wrote) and a free {@code meta} object for the type.
 *
 * <p>Writing goes to a hidden sibling folder that replaces the target only on {@link #commit}, so a
 * failed or interrupted save leaves the previous model intact. Opening verifies the format, version
 * and every checksum.
 */
public final class ModelFolder {
  public static final String FORMAT = "flm-model";
  public static final int FORMAT_VERSION = 1;
  public static final String MANIFEST = "model.json";
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path target;
  private final Path dir;
  private final boolean writing;
  private final Map<String, String> files = new LinkedHashMap<>();
  private ObjectNode meta = JSON.createObjectNode();
  private String type;
  private Provenance provenance;

  private ModelFolder(Path target, Path dir, boolean writing) {
    this.target = target;
    this.dir = dir;
    this.writing = writing;
  }

  /** Starts writing a model that will replace {@code target} on {@link #commit}. */
  public static ModelFolder create(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".writing-");
    return new ModelFolder(abs, tmp, true);
  }

  /** Opens a saved model, checking the manifest and the checksum of every file. */
  public static ModelFolder open(Path dir) throws IOException {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new IOException(dir + ": not an FLM model folder (no " + MANIFEST + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(manifest.toFile());
    } catch (IOException e) {
      throw new IOException(manifest + ": unreadable manifest: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new IOException(manifest + ": format is not " + FORMAT);
    }
    int v = root.path("formatVersion").asInt(-1);
    if (v != FORMAT_VERSION) {
      throw new IOException(
          manifest
              + ": model format version "
              + v
              + " is not supported (this FLM reads "
              + FORMAT_VERSION
              + ")");
    }
    ModelFolder f = new ModelFolder(dir, dir, false);
    f.type = root.path("type").asText();
    f.provenance = JSON.treeToValue(root.get("provenance"), Provenance.class);
    if (root.get("meta") instanceof ObjectNode m) {
      f.meta = m;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Path p = dir.resolve(e.getKey());
      if (!Files.isRegularFile(p)) {
        throw new IOException(p + ": missing (listed in " + MANIFEST + ")");
      }
      String actual = sha256(p);
      if (!actual.equals(e.getValue().asText())) {
        throw new IOException(p + ": checksum mismatch (file is corrupt or was changed)");
      }
      f.files.put(e.getKey(), actual);
    }
    return f;
  }

  /** The folder files are read from (or written to, before commit). */
  public Path dir() {
    return dir;
  }

  /** The final location of the model. */
  public Path target() {
    return target;
  }

  public String type() {
    return type;
  }

  public Provenance provenance() {
    return provenance;
  }

  /** Free-form metadata of the model type (dimensions, options). */
  public ObjectNode meta() {
    return meta;
  }

  /** Path of a file of this model, for types that write their own formats. */
  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Records a file the model type wrote itself with {@link #file}, so it gets a checksum. */
  public void registerFile(String name) throws IOException {
    requireWriting();
    files.put(name, sha256(dir.resolve(name)));
  }

  public void writeArrays(String name, ArrayFile arrays) throws IOException {
    requireWriting();
    arrays.write(dir.resolve(name));
    registerFile(name);
  }

  public ArrayFile readArrays(String name, String expectedKind) throws IOException {
    requireListed(name);
    return ArrayFile.read(dir.resolve(name), expectedKind);
  }

  /** Saves an id index as a one-entry array file. */
  public void writeIds(String name, IdIndex index) throws IOException {
    writeArrays(name, new ArrayFile("ids").put("ids", index.ids()));
  }

  public IdIndex readIds(String name) throws IOException {
    return IdIndex.of(readArrays(name, "ids").strings("ids"));
  }

  /** Writes the manifest and moves the folder into place, replacing any previous model. */
  public void commit(String modelType, Provenance prov) throws IOException {
    requireWriting();
    this.type = modelType;
    this.provenance = prov;
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("formatVersion", FORMAT_VERSION);
    root.put("type", modelType);
    root.set("provenance", JSON.valueToTree(prov));
    ObjectNode fs = root.putObject("files");
    files.forEach(fs::put);
    root.set("meta", meta);
    AtomicFiles.write(dir.resolve(MANIFEST), JSON.writeValueAsBytes(root));
    if (Files.exists(target)) {
      Path old =
          Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.move(target, old.resolve("m"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
      deleteRecursively(old);
    } else {
      Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Abandons an uncommitted write. */
  public void abort() throws IOException {
    if (writing && Files.exists(dir) && !dir.equals(target)) {
      deleteRecursively(dir);
    }
  }

  private void requireWriting() {
    if (!writing) {
      throw new IllegalStateException("model folder " + dir + " was opened for reading");
    }
  }

  private void requireListed(String name) throws IOException {
    if (!writing && !files.containsKey(name)) {
      throw new IOException(dir.resolve(name) + ": not listed in " + MANIFEST);
    }
  }

  /** Hex SHA-256 of a file. */
  public static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
