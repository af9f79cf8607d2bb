package dev.winnow.spark;

import ai.djl.Device;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import dev.winnow.runtime.Devices;
import dev.winnow.runtime.InferenceOptions;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/**
 * Params whose values MLlib cannot write by itself (it encodes strings, numbers, vectors and
 * matrices), with the JSON a saved stage's metadata holds for them.
 */
final class JsonParams {

  private static final Gson GSON = new GsonBuilder()
      .registerTypeHierarchyAdapter(Device.class, new DeviceName().nullSafe())
      .create();

  private JsonParams() {}

  /** Label (or sanitized label) to threshold; written as a JSON object with sorted keys. */
  static final class ThresholdsByLabel extends Param<Map<String, Double>> {

    private static final long serialVersionUID = 1L;

    ThresholdsByLabel(Identifiable parent, String name, String doc) {
      super(parent, name, doc);
    }

    @Override
    public String jsonEncode(Map<String, Double> value) {
      return GSON.toJson(new TreeMap<>(value));
    }

    @Override
    public Map<String, Double> jsonDecode(String json) {
      return Map.copyOf(GSON.<Map<String, Double>>fromJson(json, new TypeToken<Map<String, Double>>() {}.getType()));
    }
  }

  /** A device as the setting that names it ({@code cpu}, {@code gpu:N}), not DJL's fields. */
  private static final class DeviceName extends TypeAdapter<Device> {

    @Override
    public void write(JsonWriter out, Device device) throws IOException {
      out.value(Devices.name(device));
    }

    @Override
    public Device read(JsonReader in) throws IOException {
      return Devices.parse(in.nextString());
    }
  }

  /** Inference options as a JSON object of their components; decoding checks them again. */
  static final class Options extends Param<InferenceOptions> {

    private static final long serialVersionUID = 1L;

    Options(Identifiable parent, String name, String doc) {
      super(parent, name, doc);
    }

    @Override
    public String jsonEncode(InferenceOptions value) {
      return GSON.toJson(value);
    }

    @Override
    public InferenceOptions jsonDecode(String json) {
      return GSON.fromJson(json, InferenceOptions.class);
    }
  }
}
