package dev.winnow.jobs.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.api.java.UDF1;

/**
 * A hex digest of a string, as a Spark function: HMAC-SHA-256 under a secret salt, or plain
 * SHA-256 without one. Null in, null out.
 *
 * <p>A function object rather than {@code sha2(concat(lit(salt), ...))} so the salt never appears
 * in a query plan, the Spark UI or an event log; {@link #toString} does not show it either.
 */
public final class Fingerprint implements UDF1<String, String> {

  private static final long serialVersionUID = 1L;
  private static final String HMAC = "HmacSHA256";

  private final byte[] salt;
  private transient Mac mac;
  private transient MessageDigest digest;

  private Fingerprint(byte[] salt) {
    this.salt = salt;
  }

  /** Keyed by {@code salt}, which must not be empty. */
  static Fingerprint salted(String salt) {
    if (salt == null || salt.isEmpty()) {
      throw new IllegalArgumentException("salt is empty");
    }
    return new Fingerprint(salt.getBytes(StandardCharsets.UTF_8));
  }

  static Fingerprint unsalted() {
    return new Fingerprint(null);
  }

  boolean isSalted() {
    return salt != null;
  }

  @Override
  public String call(String value) throws GeneralSecurityException {
    if (value == null) {
      return null;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return HexFormat.of().formatHex(salt == null ? digest().digest(bytes) : mac().doFinal(bytes));
  }

  private Mac mac() throws GeneralSecurityException {
    if (mac == null) {
      mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(salt, HMAC));
    }
    return mac;
  }

  private MessageDigest digest() throws GeneralSecurityException {
    if (digest == null) {
      digest = MessageDigest.getInstance("SHA-256");
    }
    return digest;
  }

  @Override
  public String toString() {
    return salt == null ? "Fingerprint[sha-256]" : "Fingerprint[hmac-sha-256, salt hidden]";
  }
}
