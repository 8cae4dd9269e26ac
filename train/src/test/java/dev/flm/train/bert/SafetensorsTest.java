package dev.flm.train.bert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flm.train.bert.Safetensors.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

  @Test
  void roundTripKeepsNamesShapesOrderAndValues(@TempDir Path dir) throws Exception {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("b.weight", new Tensor(new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-8f, -7}));
    m.put("a.bias", new Tensor(new int[] {1}, new float[] {42f}));
    Path f = dir.resolve("model.safetensors");
    Safetensors.write(f, m);
    Map<String, Tensor> back = Safetensors.read(f);
    assertThat(back.keySet()).containsExactly("b.weight", "a.bias");
    assertThat(back.get("b.weight").shape()).containsExactly(2, 3);
    assertThat(back.get("b.weight").data()).containsExactly(1, -2, 3.5f, 0, 1e-8f, -7);
    assertThat(back.get("a.bias").data()).containsExactly(42f);
    long headerLen =
        ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLen % 8).isZero();
  }

  @Test
  void readsHalfAndBfloat16AndSkipsIntegerTensors(@TempDir Path dir) throws Exception {
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]},"
            + "\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[6,14]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 14).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    b.putShort((short) 0x3c00).putShort((short) 0xc000); // 1.0, -2.0
    b.putShort((short) 0x4049); // bf16 of 3.140625
    b.putLong(7L);
    Path f = dir.resolve("x.safetensors");
    Files.write(f, b.array());
    Map<String, Tensor> m = Safetensors.read(f);
    assertThat(m.keySet()).containsExactly("h", "b");
    assertThat(m.get("h").data()).containsExactly(1f, -2f);
    assertThat(m.get("b").data()).containsExactly(3.140625f);
  }

  @Test
  void offsetsThatDoNotFitTheShapeNameTheTensor(@TempDir Path dir) throws Exception {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, b.array());
    assertThatThrownBy(() -> Safetensors.read(f))
        .hasMessageContaining("bad.safetensors")
        .hasMessageContaining("'w'");
  }
}
