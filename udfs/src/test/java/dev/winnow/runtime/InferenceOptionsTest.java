package dev.winnow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceOptionsTest {

  @Test
  void devicesParseFromTheirSettingsAndNameBack() {
    assertEquals(Device.cpu(), Devices.parse("cpu"));
    assertEquals(Device.gpu(0), Devices.parse("gpu"));
    assertEquals(Device.gpu(3), Devices.parse("gpu:3"));
    for (String name : List.of("cpu", "gpu:0", "gpu:12")) {
      assertEquals(name, Devices.name(Devices.parse(name)));
    }
  }

  @Test
  void devicesWinnowCannotRunAreRefusedNamingTheSetting() {
    // DJL's own parser takes "gpu0", "cuda:0"-like spellings and multi-device names.
    for (String bad : List.of("auto", "cuda", "gpu0", "gpu:-1", "gpu:", "gpu0+gpu1", "CPU", " cpu", "")) {
      UserError e = assertThrows(UserError.class, () -> Devices.parse(bad), bad);
      assertEquals(WinnowErrors.MODEL_DEVICE, e.setting().orElseThrow());
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertThrows(UserError.class, () -> Devices.parse(null));
    assertThrows(IllegalArgumentException.class,
        () -> InferenceOptions.DEFAULTS.withDevice(new Device.MultiDevice(Device.gpu(0), Device.gpu(1))));
    assertThrows(IllegalArgumentException.class, () -> InferenceOptions.DEFAULTS.withDevice(null));
  }

  @Test
  void javaSerializationKeepsTheDevice() throws Exception {
    // Spark ships options to executors and keys its model cache on them; DJL's Device is not serializable.
    InferenceOptions options = new InferenceOptions(Device.gpu(2), Precision.BF16, 128, LongTextPolicy.CHUNK, 16, 4,
        WindowAggregation.MEAN, 2048);
    InferenceOptions copy = roundTrip(options);
    assertEquals(options, copy);
    assertEquals(options.hashCode(), copy.hashCode());
    assertEquals(InferenceOptions.DEFAULTS, roundTrip(InferenceOptions.DEFAULTS));
  }

  @Test
  void theBuilderChecksOnceAtBuildAndStartsFromDefaultsOrGivenOptions() {
    InferenceOptions.Builder builder = InferenceOptions.builder().maxTokens(64);
    // stride 64 is invalid for 64-token windows; the builder accepts it until build().
    builder.stride(64);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("stride"), e.getMessage());
    InferenceOptions built = builder.stride(8).precision(Precision.BF16).build();
    // One with... call at a time cannot get here: maxTokens 64 next to the default stride 64 is refused.
    assertThrows(IllegalArgumentException.class, () -> InferenceOptions.DEFAULTS.withMaxTokens(64));
    assertEquals(new InferenceOptions(Device.cpu(), Precision.BF16, 64, LongTextPolicy.TRUNCATE, 8, 16,
        WindowAggregation.MAX, 4096), built);
    assertEquals(built, built.toBuilder().build());
    assertEquals(Device.gpu(1), built.toBuilder().device(Device.gpu(1)).build().device());
    assertEquals(64, built.toBuilder().device(Device.gpu(1)).build().maxTokens());
  }

  private static InferenceOptions roundTrip(InferenceOptions options) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(options);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (InferenceOptions) in.readObject();
    }
  }
}
