package dev.flm.text;

import dev.flm.io.ArrayFile;
import dev.flm.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files of text vectors. FLM's own format is an {@link ArrayFile} of kind {@code flm-vectors}
 * (versioned, checksummed) with {@code vectors} (a matrix) and {@code encoder} (the encoder id); a
 * path ending in {@code .npy} is written as a NumPy {@code <f4} array of shape (rows, dim) instead,
 * for use outside FLM.
 */
public final class VectorFiles {
  public static final String KIND = "flm-vectors";

  private VectorFiles() {}

  /** Writes {@code vectors} atomically, as {@code .npy} when the name ends so. */
  public static void write(Path file, float[][] vectors, String encoderId) throws IOException {
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
      writeNpy(file, vectors);
    } else {
      new ArrayFile(KIND)
          .putMatrix("vectors", vectors)
          .put("encoder", new String[] {encoderId})
          .write(file);
    }
  }

  /** Reads a file written by {@link #write} (either format). */
  public static float[][] read(Path file) throws IOException {
    if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy")) {
      return readNpy(file);
    }
    return ArrayFile.read(file, KIND).matrix("vectors");
  }

  /** Writes a NumPy version 1.0 {@code .npy} file of little-endian float32, C order. */
  public static void writeNpy(Path file, float[][] m) throws IOException {
    int rows = m.length;
    int cols = rows == 0 ? 0 : m[0].length;
    String dict =
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
    int headerLen = 10 + dict.length() + 1;
    int pad = (64 - headerLen % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    AtomicFiles.write(
        file,
        (OutputStream out) -> {
          out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
          int hl = header.length();
          out.write(hl & 0xFF);
          out.write((hl >>> 8) & 0xFF);
          out.write(header.getBytes(StandardCharsets.US_ASCII));
          ByteBuffer bb = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (float[] row : m) {
            if (row.length != cols) {
              throw new IOException(file + ": ragged matrix");
            }
            bb.clear();
            bb.asFloatBuffer().put(row);
            out.write(bb.array());
          }
        });
  }

  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\s*,?\\)");

  /** Reads a 2-d {@code <f4} C-order {@code .npy} file. */
  public static float[][] readNpy(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < 10 || (all[0] & 0xFF) != 0x93 || all[1] != 'N' || all[2] != 'U') {
      throw new IOException(file + ": not a .npy file");
    }
    int hl = (all[8] & 0xFF) | ((all[9] & 0xFF) << 8);
    String header = new String(all, 10, hl, StandardCharsets.US_ASCII);
    Matcher sm = SHAPE.matcher(header);
    if (!header.contains("'<f4'") || header.contains("'fortran_order': True") || !sm.find()) {
      throw new IOException(file + ": only 2-d little-endian float32 C-order arrays are supported");
    }
    int rows = Integer.parseInt(sm.group(1));
    int cols = Integer.parseInt(sm.group(2));
    ByteBuffer bb =
        ByteBuffer.wrap(all, 10 + hl, all.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
    if (bb.remaining() != (long) rows * cols * 4) {
      throw new IOException(file + ": size does not match shape (" + rows + ", " + cols + ")");
    }
    float[][] m = new float[rows][cols];
    for (float[] row : m) {
      bb.asFloatBuffer().get(row);
      bb.position(bb.position() + cols * 4);
    }
    return m;
  }
}
