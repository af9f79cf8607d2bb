package dev.winnow.jobs.chat;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes chat-log nights as JSON Lines in {@code date=YYYY-MM-DD} folders, the way a platform
 * delivers them: one row per message, or one row per conversation.
 */
final class ChatNights {

  private static final Gson JSON = new GsonBuilder().serializeNulls().create();

  /** One message as delivered. */
  record Message(String conversation, int turn, String role, String text, String user) {}

  static Message m(String conversation, int turn, String role, String text, String user) {
    return new Message(conversation, turn, role, text, user);
  }

  private ChatNights() {}

  /** Adds a night of messages under {@code root}, one file per call (a second call is a second delivery). */
  static void writeMessages(Path root, String night, String file, List<Message> messages) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Message m : messages) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("conversation_id", m.conversation());
      row.put("turn", m.turn());
      row.put("role", m.role());
      row.put("text", m.text());
      row.put("user_id", m.user());
      row.put("timestamp", night + "T12:" + String.format("%02d", m.turn()) + ":00Z");
      rows.add(row);
    }
    write(root, night, file, rows);
  }

  /** Adds a night of whole conversations (messages in turn order from 0) under {@code root}. */
  static void writeConversations(Path root, String night, List<Message> messages) {
    Map<String, Map<String, Object>> conversations = new LinkedHashMap<>();
    for (Message m : messages) {
      Map<String, Object> row = conversations.computeIfAbsent(m.conversation(), id -> {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("conversation_id", id);
        c.put("user_id", m.user());
        c.put("messages", new ArrayList<Map<String, Object>>());
        return c;
      });
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) row.get("messages");
      if (list.size() != m.turn()) {
        throw new IllegalArgumentException("conversation messages must be given in turn order from 0");
      }
      Map<String, Object> message = new LinkedHashMap<>();
      message.put("role", m.role());
      message.put("content", m.text());
      list.add(message);
    }
    write(root, night, "conversations.jsonl", new ArrayList<>(conversations.values()));
  }

  private static void write(Path root, String night, String file, List<Map<String, Object>> rows) {
    try {
      Path dir = Files.createDirectories(root.resolve("date=" + night));
      StringBuilder out = new StringBuilder();
      for (Map<String, Object> row : rows) {
        out.append(JSON.toJson(row)).append('\n');
      }
      Files.writeString(dir.resolve(file), out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
