package dev.flm.train.bert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flm.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the HuggingFace {@code safetensors} format: an 8-byte little-endian header
 * length, a JSON header mapping each tensor name to {@code dtype}, {@code shape} and {@code
 * data_offsets}, then the raw little-endian data. F32, F16 and BF16 are read (as float); integer
 * tensors are skipped; writing is F32.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  /** A float tensor: its shape and row-major data. */
  public record Tensor(int[] shape, float[] data) {
    public Tensor {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values; got " + data.length);
      }
    }
  }

  /** Reads every floating-point tensor of a file, in header order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new IOException(file + ": not a safetensors file (shorter than 8 bytes)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0, file);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > 100_000_000L || 8 + headerLen > size) {
        throw new IOException(file + ": not a safetensors file (header length " + headerLen + ")");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8, file);
      JsonNode root;
      try {
        root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        throw new IOException(file + ": unreadable safetensors header: " + e.getMessage(), e);
      }
      long dataStart = 8 + headerLen;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        if (name.equals("__metadata__")) {
          continue;
        }
        JsonNode t = e.getValue();
        String dtype = t.path("dtype").asText();
        int width =
            switch (dtype) {
              case "F32" -> 4;
              case "F16", "BF16" -> 2;
              default -> 0;
            };
        if (width == 0) {
          continue;
        }
        JsonNode shapeNode = t.path("shape");
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asInt();
          count *= shape[i];
        }
        long begin = t.path("data_offsets").path(0).asLong(-1);
        long end = t.path("data_offsets").path(1).asLong(-1);
        if (begin < 0 || end - begin != count * width || dataStart + end > size) {
          throw new IOException(
              file
                  + ": tensor '"
                  + name
                  + "' has data_offsets ["
                  + begin
                  + ", "
                  + end
                  + "] that do not fit its shape "
                  + Arrays.toString(shape)
                  + " and dtype "
                  + dtype);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + begin, file);
        buf.flip();
        float[] data = new float[(int) count];
        if (width == 4) {
          buf.asFloatBuffer().get(data);
        } else if (dtype.equals("BF16")) {
          for (int i = 0; i < data.length; i++) {
            data[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
          }
        } else {
          for (int i = 0; i < data.length; i++) {
            data[i] = halfToFloat(buf.getShort());
          }
        }
        out.put(name, new Tensor(shape, data));
      }
      return out;
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file)
      throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException(file + ": truncated safetensors file");
      }
      pos += n;
    }
  }

  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    if (exp == 31) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Writes the tensors as F32 in map order, atomically. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      ArrayNode shape = t.putArray("shape");
      for (int d : e.getValue().shape()) {
        shape.add(d);
      }
      long len = e.getValue().data().length * 4L;
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(json, padded);
    Arrays.fill(head, json.length, padded, (byte) ' ');
    AtomicFiles.write(
        file,
        out -> {
          ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
          len.putLong(padded);
          out.write(len.array());
          out.write(head);
          ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
              if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
              }
              chunk.putFloat(v);
            }
          }
          out.write(chunk.array(), 0, chunk.position());
        });
  }
}
