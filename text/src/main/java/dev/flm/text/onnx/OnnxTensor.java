package dev.flm.text.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One ONNX {@code TensorProto} (an initializer or a constant), read lazily from the model bytes.
 *
 * <p>{@code dims} is the shape; {@code dataType} the ONNX element type code ({@link #FLOAT}, {@link
 * #INT64}, ...). The data may be in {@code raw_data} (little-endian) or in the typed repeated
 * fields; {@link #floats()} and {@link #longs()} decode either.
 */
public final class OnnxTensor {
  public static final int FLOAT = 1;
  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int DOUBLE = 11;

  private final String name;
  private final int dataType;
  private final long[] dims;
  private final byte[] bytes;
  private final int rawStart;
  private final int rawLength;
  private final float[] floatData;
  private final long[] longData;
  private final double[] doubleData;
  final int messageStart;
  final int messageEnd;

  private OnnxTensor(
      String name,
      int dataType,
      long[] dims,
      byte[] bytes,
      int rawStart,
      int rawLength,
      float[] floatData,
      long[] longData,
      double[] doubleData,
      int messageStart,
      int messageEnd) {
    this.name = name;
    this.dataType = dataType;
    this.dims = dims;
    this.bytes = bytes;
    this.rawStart = rawStart;
    this.rawLength = rawLength;
    this.floatData = floatData;
    this.longData = longData;
    this.doubleData = doubleData;
    this.messageStart = messageStart;
    this.messageEnd = messageEnd;
  }

  static OnnxTensor parse(byte[] bytes, int start, int end) {
    Proto.Reader r = new Proto.Reader(bytes, start, end);
    String name = "";
    int dataType = 0;
    LongList dims = new LongList();
    int rawStart = -1;
    int rawLength = 0;
    FloatList floats = new FloatList();
    LongList longs = new LongList();
    DoubleList doubles = new DoubleList();
    boolean external = false;
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (field) {
        case 1 -> readLongs(r, wire, dims, false);
        case 2 -> dataType = (int) r.varint();
        case 4 -> {
          if (wire == Proto.LEN) {
            int s = r.lengthDelimited();
            Proto.Reader p = new Proto.Reader(bytes, s, r.pos);
            while (p.more()) {
              floats.add(p.fixed32Float());
            }
          } else {
            floats.add(r.fixed32Float());
          }
        }
        case 5, 7 -> readLongs(r, wire, longs, field == 5);
        case 8 -> name = r.string();
        case 9 -> {
          rawStart = r.lengthDelimited();
          rawLength = r.pos - rawStart;
        }
        case 10 -> {
          if (wire == Proto.LEN) {
            int s = r.lengthDelimited();
            ByteBuffer b = ByteBuffer.wrap(bytes, s, r.pos - s).order(ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() >= 8) {
              doubles.add(b.getDouble());
            }
          } else {
            doubles.add(
                ByteBuffer.wrap(bytes, r.pos, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
            r.pos += 8;
          }
        }
        case 14 -> external = r.varint() == 1;
        default -> r.skip(wire);
      }
    }
    if (external) {
      throw new OnnxFormatException(
          "tensor '" + name + "' keeps its data in an external file, which is not supported");
    }
    return new OnnxTensor(
        name,
        dataType,
        dims.toArray(),
        bytes,
        rawStart,
        rawLength,
        floats.size() > 0 ? floats.toArray() : null,
        longs.size() > 0 ? longs.toArray() : null,
        doubles.size() > 0 ? doubles.toArray() : null,
        start,
        end);
  }

  private static void readLongs(Proto.Reader r, int wire, LongList out, boolean int32) {
    if (wire == Proto.LEN) {
      int s = r.lengthDelimited();
      Proto.Reader p = new Proto.Reader(r.bytes, s, r.pos);
      while (p.more()) {
        long v = p.varint();
        out.add(int32 ? (int) v : v);
      }
    } else {
      long v = r.varint();
      out.add(int32 ? (int) v : v);
    }
  }

  public String name() {
    return name;
  }

  public int dataType() {
    return dataType;
  }

  public long[] dims() {
    return dims.clone();
  }

  /** Shape as ints (every ONNX initializer of a BERT model fits). */
  public int[] shape() {
    int[] s = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      s[i] = Math.toIntExact(dims[i]);
    }
    return s;
  }

  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Whether the data is stored as {@code raw_data}. */
  public boolean hasRawData() {
    return rawStart >= 0;
  }

  /** The elements as floats; the tensor must be FLOAT or DOUBLE. */
  public float[] floats() {
    if (dataType == FLOAT) {
      if (rawStart >= 0) {
        float[] out = new float[rawLength / 4];
        ByteBuffer.wrap(bytes, rawStart, rawLength)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer()
            .get(out);
        return out;
      }
      return floatData == null ? new float[0] : floatData.clone();
    }
    if (dataType == DOUBLE) {
      double[] d = doubles();
      float[] out = new float[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (float) d[i];
      }
      return out;
    }
    throw new OnnxFormatException(
        "tensor '" + name + "' has element type " + dataType + ", expected FLOAT (1)");
  }

  private double[] doubles() {
    if (rawStart >= 0) {
      double[] out = new double[rawLength / 8];
      ByteBuffer.wrap(bytes, rawStart, rawLength)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asDoubleBuffer()
          .get(out);
      return out;
    }
    return doubleData == null ? new double[0] : doubleData.clone();
  }

  /** The elements as longs; the tensor must be INT64 or INT32. */
  public long[] longs() {
    if (dataType == INT64 || dataType == INT32) {
      if (rawStart >= 0) {
        ByteBuffer b = ByteBuffer.wrap(bytes, rawStart, rawLength).order(ByteOrder.LITTLE_ENDIAN);
        int width = dataType == INT64 ? 8 : 4;
        long[] out = new long[rawLength / width];
        for (int i = 0; i < out.length; i++) {
          out[i] = width == 8 ? b.getLong() : b.getInt();
        }
        return out;
      }
      return longData == null ? new long[0] : longData.clone();
    }
    throw new OnnxFormatException(
        "tensor '" + name + "' has element type " + dataType + ", expected INT64 (7)");
  }

  /** A single numeric value (a scalar or one-element tensor) as a double. */
  public double scalar() {
    if (elementCount() != 1) {
      throw new OnnxFormatException(
          "tensor '" + name + "' has shape " + Arrays.toString(dims) + ", expected a scalar");
    }
    return switch (dataType) {
      case FLOAT -> floats()[0];
      case DOUBLE -> doubles()[0];
      case INT32, INT64 -> longs()[0];
      default ->
          throw new OnnxFormatException(
              "tensor '" + name + "' has element type " + dataType + ", expected a number");
    };
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims) + " type " + dataType;
  }

  static final class LongList {
    long[] a = new long[4];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    long[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  static final class FloatList {
    float[] a = new float[4];
    int n;

    void add(float v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    float[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }

  static final class DoubleList {
    double[] a = new double[4];
    int n;

    void add(double v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    double[] toArray() {
      return Arrays.copyOf(a, n);
    }
  }
}
