package dev.winnow.jobs.chat;

import dev.winnow.jobs.config.ConfigError;
import dev.winnow.jobs.config.InputSpec;
import dev.winnow.jobs.config.Settings;
import dev.winnow.jobs.io.InputFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code input.*} of the chatlogs job: where the logs are, their shape, and which columns hold
 * each part of a turn.
 *
 * @param source the path and reader options, as every job reads them
 * @param userRoles role values (lower-case) that mean a user turn
 * @param assistantRoles role values (lower-case) that mean an assistant turn; other roles (system,
 *     tool) are kept in the tables but not scored
 */
public record ChatInputSpec(
    InputSpec source,
    InputShape shape,
    String conversationIdColumn,
    String dateColumn,
    Optional<String> timestampColumn,
    Optional<String> userIdColumn,
    String turnColumn,
    String roleColumn,
    String textColumn,
    String messagesColumn,
    List<String> userRoles,
    List<String> assistantRoles) {

  public ChatInputSpec {
    userRoles = lower(userRoles);
    assistantRoles = lower(assistantRoles);
  }

  static ChatInputSpec from(Settings s) {
    InputShape shape = s.oneOf("input.shape", InputShape.class);
    String text = s.requiredString("input.text_column");
    String messages = s.requiredString("input.messages_column");
    InputSpec source = new InputSpec(
        s.requiredPath("input.path"),
        s.oneOf("input.format", InputFormat.class),
        shape == InputShape.MESSAGES ? text : messages,
        Optional.empty(),
        s.stringMap("input.csv"));
    ChatInputSpec spec = new ChatInputSpec(source, shape,
        s.requiredString("input.conversation_id_column"),
        s.requiredString("input.date_column"),
        s.optionalString("input.timestamp_column"),
        s.optionalString("input.user_id_column"),
        s.requiredString("input.turn_column"),
        s.requiredString("input.role_column"),
        text,
        messages,
        s.stringList("input.user_roles"),
        s.stringList("input.assistant_roles"));
    for (String role : spec.userRoles()) {
      if (spec.assistantRoles().contains(role)) {
        throw new ConfigError("input.assistant_roles",
            "role '" + role + "' is also in input.user_roles");
      }
    }
    return spec;
  }

  private static List<String> lower(List<String> roles) {
    return roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).toList();
  }
}
