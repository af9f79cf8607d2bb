package dev.winnow.jobs.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void saltedHashesAreStableAndDependOnTheSalt() throws Exception {
    Fingerprint pepper = Fingerprint.salted("pepper");
    String id = pepper.call("user-42");
    assertEquals(64, id.length());
    assertEquals(id, Fingerprint.salted("pepper").call("user-42"), "stable across runs");
    assertEquals(id, roundTrip(pepper).call("user-42"), "stable on executors");
    assertNotEquals(id, Fingerprint.salted("paprika").call("user-42"), "another salt, another hash");
    assertNotEquals(id, Fingerprint.unsalted().call("user-42"));
    assertNotEquals(id, pepper.call("user-43"));
    assertNull(pepper.call(null));
  }

  @Test
  void unsaltedIsPlainSha256() throws Exception {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Fingerprint.unsalted().call("abc"));
  }

  @Test
  void theSaltNeverShows() {
    Fingerprint pepper = Fingerprint.salted("pepper");
    assertFalse(pepper.toString().contains("pepper"), pepper.toString());
    assertThrows(IllegalArgumentException.class, () -> Fingerprint.salted(""));
  }

  private static Fingerprint roundTrip(Fingerprint f) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Fingerprint) in.readObject();
    }
  }
}
