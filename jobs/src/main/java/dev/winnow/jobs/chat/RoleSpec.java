package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.ModelSpec;
import dev.winnow.jobs.config.Settings;
import dev.winnow.spark.LabelNames;
import java.util.List;
import java.util.Optional;

/**
 * {@code roles.<role>.*}: how one role's turns are judged.
 *
 * @param role {@code user} or {@code assistant}
 * @param model the model scoring this role's harm categories
 * @param categories the harm categories that flag a turn of this role (sanitized label names);
 *     only these are kept in the tables for the role
 * @param context what the turn is scored with besides its text
 * @param refusal for assistant turns: where the refusal score comes from; empty for users, or
 *     when no refusal signal is configured
 */
public record RoleSpec(
    String role, ModelSpec model, List<String> categories, ContextMode context, Optional<Refusal> refusal) {

  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  /** The model and label whose flag marks an assistant turn as a refusal. */
  public record Refusal(ModelSpec model, String category) {}

  public RoleSpec {
    categories = List.copyOf(categories);
  }

  /** The settings key of a role's option, for messages. */
  public static String key(String role, String option) {
    return "roles." + role + "." + option;
  }

  static RoleSpec from(Settings s, String role, ModelSpec shared) {
    ModelSpec model = withRef(shared, s.optionalString(key(role, "model")));
    List<String> categories = s.stringList(key(role, "categories")).stream().map(LabelNames::sanitize).toList();
    if (categories.isEmpty()) {
      throw new ConfigError(key(role, "categories"), "name at least one category that flags a " + role + " turn");
    }
    Optional<Refusal> refusal = Optional.empty();
    if (role.equals(ASSISTANT)) {
      refusal = s.optionalString(key(role, "refusal_category")).map(LabelNames::sanitize).map(category -> {
        if (categories.contains(category)) {
          throw new ConfigError(key(role, "categories"), "'" + category
              + "' is the refusal category: a refusal is a behaviour signal, never a harm flag");
        }
        return new Refusal(withRef(model, s.optionalString(key(role, "refusal_model"))), category);
      });
    }
    return new RoleSpec(role, model, categories, s.oneOf(key(role, "context"), ContextMode.class), refusal);
  }

  private static ModelSpec withRef(ModelSpec base, Optional<String> ref) {
    return ref.map(base::withRef).orElse(base);
  }
}
