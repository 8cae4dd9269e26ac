package dev.flm.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A versioned binary container of named primitive arrays, the storage unit of every FLM model.
 *
 * <p>Format {@code FLMA} version 1, all integers big-endian, array payloads little-endian:
 *
 * <pre>
 * magic "FLMA" | u32 version=1 | UTF kind | u32 entryCount
 * entryCount x ( UTF name | u8 type ('F' float, 'D' double, 'I' int, 'L' long, 'S' string)
 *                | u32 length | payload )
 * u64 CRC32C of every preceding byte
 * </pre>
 *
 * Strings are stored as UTF lengths-prefixed modified UTF-8, a {@code null} string as the marker
 * length 0xFFFF. Reading checks the magic, version, kind and checksum and names the file on error.
 */
public final class ArrayFile {
  public static final int VERSION = 1;
  private static final byte[] MAGIC = {'F', 'L', 'M', 'A'};

  private final String kind;
  private final Map<String, Object> entries = new LinkedHashMap<>();

  /** An empty container whose content is of {@code kind} (e.g. {@code "als-factors"}). */
  public ArrayFile(String kind) {
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }

  public ArrayFile put(String name, float[] a) {
    entries.put(name, a);
    return this;
  }

  public ArrayFile put(String name, double[] a) {
    entries.put(name, a);
    return this;
  }

  public ArrayFile put(String name, int[] a) {
    entries.put(name, a);
    return this;
  }

  public ArrayFile put(String name, long[] a) {
    entries.put(name, a);
    return this;
  }

  public ArrayFile put(String name, String[] a) {
    entries.put(name, a);
    return this;
  }

  /** Stores a rectangular matrix as a flat row-major array plus its shape. */
  public ArrayFile putMatrix(String name, float[][] m) {
    int rows = m.length;
    int cols = rows == 0 ? 0 : m[0].length;
    float[] flat = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      if (m[r].length != cols) {
        throw new IllegalArgumentException("matrix '" + name + "' is ragged at row " + r);
      }
      System.arraycopy(m[r], 0, flat, r * cols, cols);
    }
    entries.put(name, flat);
    entries.put(name + ".shape", new int[] {rows, cols});
    return this;
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  public float[] floats(String name) {
    return get(name, float[].class);
  }

  public double[] doubles(String name) {
    return get(name, double[].class);
  }

  public int[] ints(String name) {
    return get(name, int[].class);
  }

  public long[] longs(String name) {
    return get(name, long[].class);
  }

  public String[] strings(String name) {
    return get(name, String[].class);
  }

  /** A matrix stored with {@link #putMatrix}. */
  public float[][] matrix(String name) {
    int[] shape = ints(name + ".shape");
    float[] flat = floats(name);
    float[][] m = new float[shape[0]][shape[1]];
    for (int r = 0; r < shape[0]; r++) {
      System.arraycopy(flat, r * shape[1], m[r], 0, shape[1]);
    }
    return m;
  }

  private <T> T get(String name, Class<T> type) {
    Object o = entries.get(name);
    if (o == null) {
      throw new IllegalArgumentException(
          "no array '" + name + "' in " + kind + " file; has " + entries.keySet());
    }
    if (!type.isInstance(o)) {
      throw new IllegalArgumentException(
          "array '"
              + name
              + "' is "
              + o.getClass().getSimpleName()
              + ", not "
              + type.getSimpleName());
    }
    return type.cast(o);
  }

  /** Writes this container to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, this::writeTo);
  }

  /** Writes this container (with its checksum) to {@code out}. */
  public void writeTo(OutputStream raw) throws IOException {
    CRC32C crc = new CRC32C();
    OutputStream checked =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            crc.update(b);
            raw.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            raw.write(b, off, len);
          }
        };
    DataOutputStream out = new DataOutputStream(checked);
    out.write(MAGIC);
    out.writeInt(VERSION);
    out.writeUTF(kind);
    out.writeInt(entries.size());
    for (Map.Entry<String, Object> e : entries.entrySet()) {
      out.writeUTF(e.getKey());
      Object v = e.getValue();
      if (v instanceof float[] a) {
        out.writeByte('F');
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(a);
        out.write(bb.array());
      } else if (v instanceof double[] a) {
        out.writeByte('D');
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asDoubleBuffer().put(a);
        out.write(bb.array());
      } else if (v instanceof int[] a) {
        out.writeByte('I');
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(a);
        out.write(bb.array());
      } else if (v instanceof long[] a) {
        out.writeByte('L');
        out.writeInt(a.length);
        ByteBuffer bb = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(a);
        out.write(bb.array());
      } else if (v instanceof String[] a) {
        out.writeByte('S');
        out.writeInt(a.length);
        for (String s : a) {
          if (s == null) {
            out.writeShort(0xFFFF);
          } else {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length >= 0xFFFF) {
              out.writeShort(0xFFFE);
              out.writeInt(b.length);
            } else {
              out.writeShort(b.length);
            }
            out.write(b);
          }
        }
      }
    }
    out.flush();
    DataOutputStream tail = new DataOutputStream(raw);
    tail.writeLong(crc.getValue());
    tail.flush();
  }

  /** Reads and verifies a container; {@code expectedKind} may be null to accept any kind. */
  public static ArrayFile read(Path file, String expectedKind) throws IOException {
    byte[] all = Files.readAllBytes(file);
    return read(all, file.toString(), expectedKind);
  }

  /** Reads and verifies a container from {@code in}. */
  public static ArrayFile read(InputStream in, String name, String expectedKind)
      throws IOException {
    return read(in.readAllBytes(), name, expectedKind);
  }

  private static ArrayFile read(byte[] all, String name, String expectedKind) throws IOException {
    if (all.length < 4 + 4 + 8
        || all[0] != 'F'
        || all[1] != 'L'
        || all[2] != 'M'
        || all[3] != 'A') {
      throw new IOException(name + ": not an FLM array file (bad magic)");
    }
    CRC32C crc = new CRC32C();
    crc.update(all, 0, all.length - 8);
    long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IOException(name + ": checksum mismatch (file is corrupt or truncated)");
    }
    DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(all, 4, all.length - 12));
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException(
          name
              + ": array file version "
              + version
              + " is not supported (this FLM reads "
              + VERSION
              + ")");
    }
    String kind = in.readUTF();
    if (expectedKind != null && !expectedKind.equals(kind)) {
      throw new IOException(name + ": holds '" + kind + "', expected '" + expectedKind + "'");
    }
    ArrayFile f = new ArrayFile(kind);
    int n = in.readInt();
    for (int e = 0; e < n; e++) {
      String key = in.readUTF();
      int type = in.readUnsignedByte();
      int len = in.readInt();
      switch (type) {
        case 'F' -> {
          float[] a = new float[len];
          ByteBuffer.wrap(in.readNBytes(len * 4))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asFloatBuffer()
              .get(a);
          f.entries.put(key, a);
        }
        case 'D' -> {
          double[] a = new double[len];
          ByteBuffer.wrap(in.readNBytes(len * 8))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asDoubleBuffer()
              .get(a);
          f.entries.put(key, a);
        }
        case 'I' -> {
          int[] a = new int[len];
          ByteBuffer.wrap(in.readNBytes(len * 4))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asIntBuffer()
              .get(a);
          f.entries.put(key, a);
        }
        case 'L' -> {
          long[] a = new long[len];
          ByteBuffer.wrap(in.readNBytes(len * 8))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asLongBuffer()
              .get(a);
          f.entries.put(key, a);
        }
        case 'S' -> {
          String[] a = new String[len];
          for (int i = 0; i < len; i++) {
            int l = in.readUnsignedShort();
            if (l == 0xFFFF) {
              a[i] = null;
              continue;
            }
            if (l == 0xFFFE) {
              l = in.readInt();
            }
            a[i] = new String(in.readNBytes(l), java.nio.charset.StandardCharsets.UTF_8);
          }
          f.entries.put(key, a);
        }
        default ->
            throw new IOException(name + ": unknown array type '" + (char) type + "' for " + key);
      }
    }
    return f;
  }

  /** Serialised bytes of this container. */
  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    writeTo(bos);
    return bos.toByteArray();
  }
}
