package dev.winnow.jobs.chat;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
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

  private final byte[] salt;
  // Neither is serializable, and both keep state between calls: one per deserialized copy.
  private transient HmacUtils hmac;
  private transient DigestUtils digest;

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
  public String call(String value) {
    if (value == null) {
      return null;
    }
    if (salt == null) {
      if (digest == null) {
        digest = new DigestUtils(DigestUtils.getSha256Digest());
      }
      return digest.digestAsHex(value);
    }
    if (hmac == null) {
      hmac = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, salt);
    }
    return hmac.hmacHex(value);
  }

  @Override
  public String toString() {
    return salt == null ? "Fingerprint[sha-256]" : "Fingerprint[hmac-sha-256, salt hidden]";
  }
}
