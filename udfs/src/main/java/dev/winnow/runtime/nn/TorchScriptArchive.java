package dev.winnow.runtime.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A TorchScript archive, laid out as {@code torch.jit.save} writes it, for a module with no
 * parameters: TorchScript source is compiled by libtorch when the archive is loaded, so Winnow can
 * run ops DJL's NDArray API does not reach (quantized and bf16 kernels) with no Python anywhere.
 */
public final class TorchScriptArchive {

  private TorchScriptArchive() {}

  /**
   * The archive bytes of {@code __torch__.<className>}, whose source is {@code code}: a class
   * deriving from Module that declares {@code __parameters__ = []}, {@code __buffers__ = []} and
   * {@code training : bool}.
   */
  public static byte[] of(String className, String code) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      stored(zip, "archive/data.pkl", modulePickle(className));
      stored(zip, "archive/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
      stored(zip, "archive/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
      stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** data.pkl: a protocol 2 pickle of the module object with training = False and nothing else. */
  private static byte[] modulePickle(String className) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x80); // PROTO 2
    out.write(2);
    out.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    out.write(')'); // EMPTY_TUPLE
    out.write(0x81); // NEWOBJ
    out.write('}'); // EMPTY_DICT
    out.write('('); // MARK
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    out.write('X'); // BINUNICODE
    out.writeBytes(new byte[] {(byte) key.length, 0, 0, 0});
    out.writeBytes(key);
    out.write(0x89); // NEWFALSE
    out.write('u'); // SETITEMS
    out.write('b'); // BUILD
    out.write('.'); // STOP
    return out.toByteArray();
  }

  // Stored, not deflated: libtorch memory-maps archive entries and expects them uncompressed.
  private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }
}
