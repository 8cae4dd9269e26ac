package dev.flm.data;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * SHA-256 fingerprints of data content for provenance: the same content gives the same fingerprint
 * whatever file it came from. Interactions are hashed in event order by external ids (so dense
 * index order does not matter), with rating bits and timestamps when present; a data set's
 * fingerprint adds its item and user attributes. Hex, lower case, 64 characters.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /** Fingerprint of the interactions alone. */
  public static String of(Interactions in) {
    MessageDigest md = sha256();
    update(md, in);
    return HexFormat.of().formatHex(md.digest());
  }

  /** Fingerprint of interactions plus item and user attributes. */
  public static String of(Dataset d) {
    MessageDigest md = sha256();
    update(md, d.interactions());
    update(md, "items", d.items());
    update(md, "users", d.users());
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static byte[][] idBytes(IdIndex idx) {
    byte[][] out = new byte[idx.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx.idOf(i).getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private static void update(MessageDigest md, Interactions in) {
    byte[][] u = idBytes(in.userIndex());
    byte[][] it = idBytes(in.itemIndex());
    ByteBuffer head = ByteBuffer.allocate(16);
    head.putInt(in.size()).putInt((in.hasRatings() ? 1 : 0) | (in.hasTimestamps() ? 2 : 0));
    md.update(head.array(), 0, 8);
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    for (int k = 0; k < in.size(); k++) {
      byte[] a = u[in.users()[k]];
      byte[] b = it[in.items()[k]];
      int need = a.length + b.length + 2 + 12;
      if (buf.remaining() < need) {
        md.update(buf.array(), 0, buf.position());
        buf.clear();
        if (buf.remaining() < need) {
          buf = ByteBuffer.allocate(need * 2);
        }
      }
      buf.put(a).put((byte) 0).put(b).put((byte) 0);
      if (in.hasRatings()) {
        buf.putInt(Float.floatToIntBits(in.ratings()[k]));
      }
      if (in.hasTimestamps()) {
        buf.putLong(in.timestamps()[k]);
      }
    }
    md.update(buf.array(), 0, buf.position());
  }

  private static void update(MessageDigest md, String kind, Attributes a) {
    str(md, kind);
    for (int i = 0; i < a.index().size(); i++) {
      str(md, a.index().idOf(i));
    }
    for (Map.Entry<String, Attributes.Field> e : a.fields().entrySet()) {
      str(md, e.getKey());
      Attributes.Field f = e.getValue();
      if (f instanceof Attributes.TextField t) {
        md.update((byte) 'T');
        for (String v : t.values()) {
          str(md, v);
        }
      } else if (f instanceof Attributes.CategoricalField c) {
        md.update((byte) 'C');
        for (String[] vs : c.values()) {
          if (vs == null) {
            md.update((byte) 0);
          } else {
            md.update((byte) 1);
            for (String v : vs) {
              str(md, v);
            }
            md.update((byte) 2);
          }
        }
      } else {
        md.update((byte) 'N');
        ByteBuffer b = ByteBuffer.allocate(4);
        for (float v : ((Attributes.NumericField) f).values()) {
          b.clear();
          b.putInt(Float.floatToIntBits(v));
          md.update(b.array());
        }
      }
    }
  }

  private static void str(MessageDigest md, String s) {
    if (s == null) {
      md.update((byte) 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) 1);
    md.update(ByteBuffer.allocate(4).putInt(b.length).array());
    md.update(b);
  }
}
