package dev.winnow.runtime.checkpoint.onnx;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format from a stream, one field at a time.
 *
 * <p>Nested messages are entered with {@link #pushLimit}/{@link #popLimit} instead of being copied
 * out, so a 100+ MB model is read in one pass and only the payloads a caller asks for are held.
 * Only what ONNX needs is supported: varints, 32/64-bit fixed values and length-delimited fields.
 */
final class ProtoInput {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final InputStream in;
  private final String source;
  private long position;
  private long limit = Long.MAX_VALUE;

  ProtoInput(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The next field's tag ({@code fieldNumber << 3 | wireType}), or 0 at the end of the message. */
  int readTag() throws IOException {
    if (position == limit) {
      return 0;
    }
    if (limit == Long.MAX_VALUE) {
      int first = in.read();
      if (first < 0) {
        return 0;
      }
      position++;
      return (int) continueVarint(first);
    }
    return (int) readVarint();
  }

  static int fieldNumber(int tag) {
    return tag >>> 3;
  }

  static int wireType(int tag) {
    return tag & 7;
  }

  long readVarint() throws IOException {
    return continueVarint(readByte());
  }

  private long continueVarint(int first) throws IOException {
    long value = first & 0x7F;
    int b = first;
    for (int shift = 7; (b & 0x80) != 0; shift += 7) {
      if (shift > 63) {
        throw malformed("varint longer than 10 bytes");
      }
      b = readByte();
      value |= (long) (b & 0x7F) << shift;
    }
    return value;
  }

  int readFixed32() throws IOException {
    return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
  }

  /** Reads a length prefix and checks the payload fits in the enclosing message. */
  long readLength() throws IOException {
    long length = readVarint();
    if (length < 0 || length > limit - position) {
      throw malformed("field length " + length + " runs past the end of its message");
    }
    return length;
  }

  byte[] readBytes(long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw malformed("field of " + length + " bytes is too large for one array");
    }
    byte[] bytes = in.readNBytes((int) length);
    if (bytes.length != length) {
      throw truncated();
    }
    position += length;
    return bytes;
  }

  String readString() throws IOException {
    return new String(readBytes(readLength()), StandardCharsets.UTF_8);
  }

  /** Enters a length-delimited field; returns the previous limit for {@link #popLimit}. */
  long pushLimit(long length) {
    long previous = limit;
    limit = position + length;
    return previous;
  }

  void popLimit(long previous) throws IOException {
    if (position != limit) {
      throw malformed("message ended " + (limit - position) + " bytes before its declared length");
    }
    limit = previous;
  }

  boolean atLimit() {
    return position == limit;
  }

  void skipField(int tag) throws IOException {
    switch (wireType(tag)) {
      case VARINT -> readVarint();
      case FIXED64 -> skip(8);
      case LENGTH_DELIMITED -> skip(readLength());
      case FIXED32 -> skip(4);
      default -> throw malformed(
          "unsupported wire type " + wireType(tag) + " for field " + fieldNumber(tag));
    }
  }

  private void skip(long count) throws IOException {
    long remaining = count;
    while (remaining > 0) {
      long skipped = in.skip(remaining);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw truncated();
        }
        skipped = 1;
      }
      remaining -= skipped;
    }
    position += count;
  }

  private int readByte() throws IOException {
    if (position >= limit) {
      throw malformed("value runs past the end of its message");
    }
    int b = in.read();
    if (b < 0) {
      throw truncated();
    }
    position++;
    return b;
  }

  IOException malformed(String problem) {
    return new IOException("malformed ONNX protobuf in " + source + " at byte " + position + ": " + problem);
  }

  private IOException truncated() {
    return new EOFException("ONNX file " + source + " is truncated at byte " + position);
  }
}
