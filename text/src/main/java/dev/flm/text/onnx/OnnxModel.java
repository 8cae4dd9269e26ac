package dev.flm.text.onnx;

import dev.flm.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX {@code ModelProto} read with a minimal protobuf parser: the graph's nodes, initializers,
 * inputs and outputs. Weights are decoded only when asked for, so reading a 130 MB model costs one
 * copy of its bytes.
 *
 * <p>{@link #write} saves the same model with some initializers' data replaced (same graph, same
 * names and shapes, new weights); every other byte of the file is kept as it was. Models above 2
 * GiB and models with external data are not supported.
 */
public final class OnnxModel {
  private final Path source;
  private final byte[] bytes;
  private final long irVersion;
  private final String producer;
  private final Map<String, Long> opsets;
  private final List<OnnxNode> nodes;
  private final Map<String, OnnxTensor> initializers;
  private final List<OnnxValueInfo> inputs;
  private final List<OnnxValueInfo> outputs;
  private final List<int[]> modelFields;
  private final int graphField;
  private final List<int[]> graphFields;
  private final Map<String, Integer> initializerField;

  private OnnxModel(Path source, byte[] bytes) {
    this.source = source;
    this.bytes = bytes;
    long ir = 0;
    String prod = "";
    Map<String, Long> ops = new LinkedHashMap<>();
    List<int[]> fields = new ArrayList<>();
    int graphIdx = -1;
    int graphStart = -1;
    int graphEnd = -1;
    Proto.Reader r = new Proto.Reader(bytes, 0, bytes.length);
    while (r.more()) {
      int fieldStart = r.pos;
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (field) {
        case 1 -> ir = r.varint();
        case 2 -> prod = r.string();
        case 7 -> {
          if (wire != Proto.LEN) {
            throw new OnnxFormatException(source + ": not an ONNX model (graph field malformed)");
          }
          graphStart = r.lengthDelimited();
          graphEnd = r.pos;
          graphIdx = fields.size();
        }
        case 8 -> {
          int s = r.lengthDelimited();
          Proto.Reader op = new Proto.Reader(bytes, s, r.pos);
          String domain = "";
          long version = 0;
          while (op.more()) {
            long t = op.varint();
            if ((t >>> 3) == 1) {
              domain = op.string();
            } else if ((t >>> 3) == 2) {
              version = op.varint();
            } else {
              op.skip((int) (t & 7));
            }
          }
          ops.put(domain, version);
        }
        default -> r.skip(wire);
      }
      fields.add(new int[] {fieldStart, r.pos});
    }
    if (graphIdx < 0) {
      throw new OnnxFormatException(source + ": not an ONNX model (no graph)");
    }
    this.irVersion = ir;
    this.producer = prod;
    this.opsets = Collections.unmodifiableMap(ops);
    this.modelFields = fields;
    this.graphField = graphIdx;

    List<OnnxNode> ns = new ArrayList<>();
    Map<String, OnnxTensor> inits = new LinkedHashMap<>();
    Map<String, Integer> initField = new LinkedHashMap<>();
    List<OnnxValueInfo> ins = new ArrayList<>();
    List<OnnxValueInfo> outs = new ArrayList<>();
    List<int[]> gFields = new ArrayList<>();
    Proto.Reader g = new Proto.Reader(bytes, graphStart, graphEnd);
    while (g.more()) {
      int fieldStart = g.pos;
      long tag = g.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (wire != Proto.LEN) {
        g.skip(wire);
        gFields.add(new int[] {fieldStart, g.pos});
        continue;
      }
      int s = g.lengthDelimited();
      switch (field) {
        case 1 -> ns.add(parseNode(bytes, s, g.pos));
        case 5 -> {
          OnnxTensor t = OnnxTensor.parse(bytes, s, g.pos);
          inits.put(t.name(), t);
          initField.put(t.name(), gFields.size());
        }
        case 11 -> ins.add(parseValueInfo(bytes, s, g.pos));
        case 12 -> outs.add(parseValueInfo(bytes, s, g.pos));
        default -> {}
      }
      gFields.add(new int[] {fieldStart, g.pos, s});
    }
    this.nodes = Collections.unmodifiableList(ns);
    this.initializers = Collections.unmodifiableMap(inits);
    this.initializerField = initField;
    this.graphFields = gFields;
    // Graph inputs may also list initializers (IR < 4); keep only the real inputs.
    ins.removeIf(v -> inits.containsKey(v.name()));
    this.inputs = Collections.unmodifiableList(ins);
    this.outputs = Collections.unmodifiableList(outs);
  }

  /** Reads an ONNX file. */
  public static OnnxModel read(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 16) {
      throw new IOException(file + ": ONNX files over 2 GiB are not supported");
    }
    try {
      return new OnnxModel(file, Files.readAllBytes(file));
    } catch (OnnxFormatException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses an ONNX model held in memory. */
  public static OnnxModel parse(byte[] bytes) {
    return new OnnxModel(null, bytes);
  }

  private static OnnxNode parseNode(byte[] b, int start, int end) {
    Proto.Reader r = new Proto.Reader(b, start, end);
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    String name = "";
    String op = "";
    String domain = "";
    Map<String, OnnxNode.Attribute> attrs = new LinkedHashMap<>();
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (field) {
        case 1 -> in.add(r.string());
        case 2 -> out.add(r.string());
        case 3 -> name = r.string();
        case 4 -> op = r.string();
        case 7 -> domain = r.string();
        case 5 -> {
          int s = r.lengthDelimited();
          OnnxNode.Attribute a = parseAttribute(b, s, r.pos);
          attrs.put(a.name(), a);
        }
        default -> r.skip(wire);
      }
    }
    return new OnnxNode(name, op, domain, List.copyOf(in), List.copyOf(out), attrs);
  }

  private static OnnxNode.Attribute parseAttribute(byte[] b, int start, int end) {
    Proto.Reader r = new Proto.Reader(b, start, end);
    String name = "";
    int type = 0;
    float f = 0;
    long i = 0;
    String s = null;
    OnnxTensor t = null;
    OnnxTensor.FloatList floats = new OnnxTensor.FloatList();
    OnnxTensor.LongList ints = new OnnxTensor.LongList();
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (field) {
        case 1 -> name = r.string();
        case 2 -> f = r.fixed32Float();
        case 3 -> i = r.varint();
        case 4 -> s = r.string();
        case 5 -> {
          int st = r.lengthDelimited();
          t = OnnxTensor.parse(b, st, r.pos);
        }
        case 7 -> {
          if (wire == Proto.LEN) {
            int st = r.lengthDelimited();
            Proto.Reader p = new Proto.Reader(b, st, r.pos);
            while (p.more()) {
              floats.add(p.fixed32Float());
            }
          } else {
            floats.add(r.fixed32Float());
          }
        }
        case 8 -> {
          if (wire == Proto.LEN) {
            int st = r.lengthDelimited();
            Proto.Reader p = new Proto.Reader(b, st, r.pos);
            while (p.more()) {
              ints.add(p.varint());
            }
          } else {
            ints.add(r.varint());
          }
        }
        case 20 -> type = (int) r.varint();
        default -> r.skip(wire);
      }
    }
    return new OnnxNode.Attribute(name, type, f, i, s, t, floats.toArray(), ints.toArray());
  }

  private static OnnxValueInfo parseValueInfo(byte[] b, int start, int end) {
    Proto.Reader r = new Proto.Reader(b, start, end);
    String name = "";
    int elem = 0;
    OnnxTensor.LongList dims = new OnnxTensor.LongList();
    while (r.more()) {
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      if (field == 1) {
        name = r.string();
      } else if (field == 2 && wire == Proto.LEN) {
        int ts = r.lengthDelimited();
        Proto.Reader tr = new Proto.Reader(b, ts, r.pos);
        while (tr.more()) {
          long tt = tr.varint();
          if ((tt >>> 3) == 1 && (tt & 7) == Proto.LEN) {
            int tensorStart = tr.lengthDelimited();
            Proto.Reader te = new Proto.Reader(b, tensorStart, tr.pos);
            while (te.more()) {
              long t3 = te.varint();
              if ((t3 >>> 3) == 1) {
                elem = (int) te.varint();
              } else if ((t3 >>> 3) == 2 && (t3 & 7) == Proto.LEN) {
                int shapeStart = te.lengthDelimited();
                Proto.Reader sh = new Proto.Reader(b, shapeStart, te.pos);
                while (sh.more()) {
                  long t4 = sh.varint();
                  if ((t4 >>> 3) == 1 && (t4 & 7) == Proto.LEN) {
                    int ds = sh.lengthDelimited();
                    Proto.Reader d = new Proto.Reader(b, ds, sh.pos);
                    long v = -1;
                    while (d.more()) {
                      long t5 = d.varint();
                      if ((t5 >>> 3) == 1 && (t5 & 7) == Proto.VARINT) {
                        v = d.varint();
                      } else {
                        d.skip((int) (t5 & 7));
                      }
                    }
                    dims.add(v);
                  } else {
                    sh.skip((int) (t4 & 7));
                  }
                }
              } else {
                te.skip((int) (t3 & 7));
              }
            }
          } else {
            tr.skip((int) (tt & 7));
          }
        }
      } else {
        r.skip(wire);
      }
    }
    return new OnnxValueInfo(name, elem, dims.toArray());
  }

  /** The file this model was read from, or null. */
  public Path source() {
    return source;
  }

  public long irVersion() {
    return irVersion;
  }

  public String producer() {
    return producer;
  }

  /** Operator set versions by domain ("" is the default ONNX domain). */
  public Map<String, Long> opsets() {
    return opsets;
  }

  public List<OnnxNode> nodes() {
    return nodes;
  }

  /** Initializers by name, in file order. */
  public Map<String, OnnxTensor> initializers() {
    return initializers;
  }

  public List<OnnxValueInfo> inputs() {
    return inputs;
  }

  public List<OnnxValueInfo> outputs() {
    return outputs;
  }

  /** The initializer with this name; fails naming the tensor when absent. */
  public OnnxTensor initializer(String name) {
    OnnxTensor t = initializers.get(name);
    if (t == null) {
      throw new OnnxFormatException(where() + "no initializer named '" + name + "'");
    }
    return t;
  }

  private String where() {
    return source == null ? "" : source + ": ";
  }

  /**
   * Writes this model to {@code target} atomically with the data of the named FLOAT initializers
   * replaced. Each replacement must have the original's element count; everything else is kept.
   */
  public void write(Path target, Map<String, float[]> replacements) throws IOException {
    Map<Integer, byte[]> newContent = encodeReplacements(replacements);
    AtomicFiles.write(target, out -> write(out, newContent));
  }

  /** The bytes {@link #write} would save. */
  public byte[] toBytes(Map<String, float[]> replacements) {
    Map<Integer, byte[]> newContent = encodeReplacements(replacements);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length + 1024);
    try {
      write(out, newContent);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private Map<Integer, byte[]> encodeReplacements(Map<String, float[]> replacements) {
    Map<Integer, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : replacements.entrySet()) {
      OnnxTensor t = initializer(e.getKey());
      float[] data = e.getValue();
      if (t.dataType() != OnnxTensor.FLOAT) {
        throw new IllegalArgumentException(
            "initializer '" + t.name() + "' is not FLOAT (type " + t.dataType() + ")");
      }
      if (data.length != t.elementCount()) {
        throw new IllegalArgumentException(
            "initializer '"
                + t.name()
                + "' has shape "
                + Arrays.toString(t.dims())
                + " ("
                + t.elementCount()
                + " values); replacement has "
                + data.length);
      }
      out.put(initializerField.get(t.name()), encodeTensor(t, data));
    }
    return out;
  }

  /** Re-encodes a TensorProto: every field but the data fields, then {@code raw_data}. */
  private byte[] encodeTensor(OnnxTensor t, float[] data) {
    Proto.Writer w = new Proto.Writer(data.length * 4 + 256);
    Proto.Reader r = new Proto.Reader(bytes, t.messageStart, t.messageEnd);
    while (r.more()) {
      int fieldStart = r.pos;
      long tag = r.varint();
      int field = (int) (tag >>> 3);
      r.skip((int) (tag & 7));
      if (field != 4 && field != 9 && field != 13 && field != 14) {
        w.raw(bytes, fieldStart, r.pos - fieldStart);
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    w.bytesField(9, buf.array(), 0, data.length * 4);
    return w.toByteArray();
  }

  private void write(OutputStream out, Map<Integer, byte[]> newContent) throws IOException {
    long graphLength = 0;
    for (int i = 0; i < graphFields.size(); i++) {
      byte[] c = newContent.get(i);
      int[] span = graphFields.get(i);
      graphLength += c == null ? span[1] - span[0] : 1 + varintSize(c.length) + c.length;
    }
    for (int f = 0; f < modelFields.size(); f++) {
      int[] span = modelFields.get(f);
      if (f != graphField) {
        out.write(bytes, span[0], span[1] - span[0]);
        continue;
      }
      writeVarint(out, (7 << 3) | Proto.LEN);
      writeVarint(out, graphLength);
      for (int i = 0; i < graphFields.size(); i++) {
        byte[] c = newContent.get(i);
        int[] gs = graphFields.get(i);
        if (c == null) {
          out.write(bytes, gs[0], gs[1] - gs[0]);
        } else {
          writeVarint(out, (5 << 3) | Proto.LEN);
          writeVarint(out, c.length);
          out.write(c);
        }
      }
    }
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static void writeVarint(OutputStream out, long v) throws IOException {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
