package dev.flm.text.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protobuf wire-format primitives the ONNX reader and writer need: varints, tags and
 * length-delimited fields over a byte array, without generated classes.
 */
final class Proto {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LEN = 2;
  static final int FIXED32 = 5;

  private Proto() {}

  /** A cursor over {@code bytes[start, end)}. Not thread-safe. */
  static final class Reader {
    final byte[] bytes;
    int pos;
    final int end;

    Reader(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.pos = start;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= end) {
          throw new OnnxFormatException("truncated varint at byte " + pos);
        }
        byte b = bytes[pos++];
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
      }
      throw new OnnxFormatException("malformed varint at byte " + pos);
    }

    /** Reads a length prefix and returns the start of the field; {@link #pos} moves past it. */
    int lengthDelimited() {
      long len = varint();
      if (len < 0 || pos + len > end) {
        throw new OnnxFormatException("field of length " + len + " overruns its message at " + pos);
      }
      int start = pos;
      pos += (int) len;
      return start;
    }

    String string() {
      int start = lengthDelimited();
      return new String(bytes, start, pos - start, StandardCharsets.UTF_8);
    }

    float fixed32Float() {
      return Float.intBitsToFloat(fixed32());
    }

    int fixed32() {
      if (pos + 4 > end) {
        throw new OnnxFormatException("truncated fixed32 at byte " + pos);
      }
      int v =
          (bytes[pos] & 0xff)
              | (bytes[pos + 1] & 0xff) << 8
              | (bytes[pos + 2] & 0xff) << 16
              | (bytes[pos + 3] & 0xff) << 24;
      pos += 4;
      return v;
    }

    void skip(int wireType) {
      switch (wireType) {
        case VARINT -> varint();
        case FIXED64 -> pos += 8;
        case LEN -> lengthDelimited();
        case FIXED32 -> pos += 4;
        default ->
            throw new OnnxFormatException("unsupported wire type " + wireType + " at " + pos);
      }
      if (pos > end) {
        throw new OnnxFormatException("field overruns its message at byte " + pos);
      }
    }
  }

  /** An append-only protobuf encoder. */
  static final class Writer {
    private final ByteArrayOutputStream out;

    Writer(int capacity) {
      out = new ByteArrayOutputStream(capacity);
    }

    void varint(long v) {
      while ((v & ~0x7fL) != 0) {
        out.write((int) ((v & 0x7f) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    void tag(int field, int wireType) {
      varint(((long) field << 3) | wireType);
    }

    void raw(byte[] b, int off, int len) {
      out.write(b, off, len);
    }

    void bytesField(int field, byte[] b, int off, int len) {
      tag(field, LEN);
      varint(len);
      raw(b, off, len);
    }

    void bytesField(int field, byte[] b) {
      bytesField(field, b, 0, b.length);
    }

    void stringField(int field, String s) {
      bytesField(field, s.getBytes(StandardCharsets.UTF_8));
    }

    void varintField(int field, long v) {
      tag(field, VARINT);
      varint(v);
    }

    /** Writes {@code message} as an embedded (length-delimited) message. */
    void messageField(int field, Writer message) {
      bytesField(field, message.out.toByteArray());
    }

    int size() {
      return out.size();
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }
  }
}
