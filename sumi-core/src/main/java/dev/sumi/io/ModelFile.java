package dev.sumi.io;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * Reads and writes sumi model files: a network's architecture as JSON text plus its parameter
 * tensors as flat float32 arrays, in one checksummed binary file. This class knows nothing about
 * layers; shapes are not stored because they follow from the architecture.
 *
 * <h2>Layout, format version 1</h2>
 *
 * Integers are unsigned 32-bit little-endian; floats are IEEE 754 binary32 little-endian.
 *
 * <pre>
 * size      field
 * 8         magic: 'S' 'U' 'M' 'I' 0x0D 0x0A 0x1A 0x0A
 * 4         format version: 1
 * 4         architecture length A, in bytes
 * A         architecture: JSON text in UTF-8
 * 4         tensor count T
 * T times:
 *   4       element count N
 *   4N      N float32 values
 * 4         CRC-32 (as zlib and java.util.zip.CRC32) of every byte before it
 * </pre>
 *
 * <p>As in PNG, the CR LF, Ctrl-Z and LF bytes of the magic make transfers that convert line
 * endings detectable. See {@code docs/model-format.md}.
 *
 * <p>Writing to a path is atomic: the file is written beside the target under a temporary name,
 * forced to disk and renamed over the target, so a crash or error never leaves a partial model
 * behind and an existing file stays untouched unless the write succeeds.
 *
 * <p>I/O failures are thrown as {@link IOException}; content that is not an intact model file of
 * this version as {@link ModelFileException}, whose message names the file and the problem.
 */
public final class ModelFile {
  /** The format version this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = {'S', 'U', 'M', 'I', 0x0D, 0x0A, 0x1A, 0x0A};

  /** Magic, version, architecture length, tensor count and checksum: a file with nothing in it. */
  private static final int MIN_LENGTH = MAGIC.length + 4 + 4 + 4 + 4;

  /** Largest file this build handles, since it reads a whole file into one array. */
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private ModelFile() {}

  /** What a model file holds. */
  public record Contents(String architectureJson, List<float[]> tensors) {
    public Contents {
      Objects.requireNonNull(architectureJson, "architectureJson");
      tensors = List.copyOf(tensors);
    }
  }

  /**
   * Writes a model file atomically, replacing any file at {@code path}.
   *
   * @throws IOException if the file cannot be written; an existing file is then left unchanged
   * @throws IllegalArgumentException if a tensor is null, the architecture is not valid Unicode or
   *     the file would exceed 2 GiB
   */
  public static void write(Path path, String architectureJson, List<float[]> tensors)
      throws IOException {
    byte[] architecture = validate(architectureJson, tensors);
    Path target = path.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new FileSystemException(target.toString(), null, "Is a directory, not a file name");
    }
    Path folder = target.getParent();
    Path temp =
        folder.resolve(
            "."
                + target.getFileName()
                + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                + ".tmp");
    // CREATE_NEW: a clash with another file is an error here, before there is anything to clean up.
    FileChannel channel = FileChannel.open(temp, CREATE_NEW, WRITE);
    try {
      try (channel) {
        encode(channel, architecture, tensors);
        channel.force(true);
      }
      moveOver(temp, target);
    } catch (Throwable failure) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
    syncFolder(folder);
  }

  /**
   * Writes a model to a stream, which is left open.
   *
   * @throws IllegalArgumentException as for {@link #write(Path, String, List)}
   */
  public static void write(OutputStream out, String architectureJson, List<float[]> tensors)
      throws IOException {
    encode(Channels.newChannel(out), validate(architectureJson, tensors), tensors);
  }

  /**
   * Reads a model file.
   *
   * @throws ModelFileException if the file is not an intact sumi model file of this format version
   * @throws IOException if the file cannot be read
   */
  public static Contents read(Path path) throws IOException {
    // Read into the heap rather than memory-mapping: a mapping keeps the file locked on Windows
    // until garbage collection, which would make saving over a just-loaded model fail there.
    try (FileChannel channel = FileChannel.open(path, READ)) {
      long length = channel.size();
      if (length > MAX_LENGTH) {
        throw tooLarge(path.toString(), length);
      }
      ByteBuffer bytes = ByteBuffer.allocate((int) length);
      while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
        // Reads until full, or until the end if the file shrank meanwhile.
      }
      return decode(bytes.flip(), path.toString());
    }
  }

  /**
   * Reads a model from a stream to its end; the stream is left open.
   *
   * @param name how error messages refer to the source, e.g. a resource name
   * @throws ModelFileException if the stream does not hold an intact sumi model of this version
   */
  public static Contents read(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes(MAX_LENGTH);
    if (bytes.length == MAX_LENGTH && in.read() >= 0) {
      throw tooLarge(name, (long) MAX_LENGTH + 1);
    }
    return decode(ByteBuffer.wrap(bytes), name);
  }

  /** Checks that a model can be written, returning its architecture as UTF-8. */
  private static byte[] validate(String architectureJson, List<float[]> tensors) {
    Objects.requireNonNull(architectureJson, "architectureJson");
    byte[] architecture;
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(architectureJson));
      architecture = Arrays.copyOf(encoded.array(), encoded.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "The architecture JSON is not valid Unicode text (it has an unpaired surrogate).", e);
    }
    long length = MIN_LENGTH + (long) architecture.length;
    int i = 0;
    for (float[] tensor : tensors) {
      if (tensor == null) {
        throw new IllegalArgumentException("Tensor " + i + " of the model is null.");
      }
      length += 4 + 4L * tensor.length;
      i++;
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "The model would take " + length + " bytes, more than the 2 GiB a model file may hold.");
    }
    return architecture;
  }

  private static void encode(
      WritableByteChannel channel, byte[] architecture, List<float[]> tensors) throws IOException {
    ChecksummedWriter out = new ChecksummedWriter(channel);
    out.bytes(MAGIC);
    out.uint32(FORMAT_VERSION);
    out.uint32(architecture.length);
    out.bytes(architecture);
    out.uint32(tensors.size());
    for (float[] tensor : tensors) {
      out.uint32(tensor.length);
      out.floats(tensor);
    }
    out.finish();
  }

  private static void moveOver(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename itself durable, where the platform allows syncing a folder. */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, READ)) {
      channel.force(true);
    } catch (IOException notSupported) {
      // Windows cannot open folders as channels; its renames need no separate sync.
    }
  }

  private static Contents decode(ByteBuffer bytes, String name) {
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    int length = bytes.limit();
    checkMagic(bytes, name);
    if (length < MIN_LENGTH) {
      throw truncated(name, MIN_LENGTH, false, length);
    }
    long version = uint32(bytes, MAGIC.length);
    if (version != FORMAT_VERSION) {
      throw new ModelFileException(
          "Model file "
              + name
              + " has format version "
              + version
              + ", but this build of sumi reads only version "
              + FORMAT_VERSION
              + ".");
    }
    Extent extent = extent(bytes);
    if (extent.length() > length) {
      throw truncated(name, extent.length(), extent.exact(), length);
    }
    int end = (int) extent.length() - 4;
    if (extent.length() < length) {
      if (checksum(bytes, end) == uint32(bytes, end)) {
        throw new ModelFileException(
            "Model file "
                + name
                + " has "
                + (length - end - 4)
                + " unexpected bytes after its end at byte "
                + (end + 4)
                + "; expected nothing after the checksum.");
      }
      throw new ModelFileException(
          "Model file "
              + name
              + " is corrupted: its length fields describe "
              + extent.length()
              + " bytes but it has "
              + length
              + ".");
    }
    long stored = uint32(bytes, end);
    long computed = checksum(bytes, end);
    if (stored != computed) {
      throw new ModelFileException(
          String.format(
              "Model file %s is corrupted: its CRC-32 checksum is %08x but its contents give %08x.",
              name, stored, computed));
    }
    return contents(bytes, name);
  }

  private static void checkMagic(ByteBuffer bytes, String name) {
    if (bytes.limit() == 0) {
      throw new ModelFileException("Model file " + name + " is empty; expected a sumi model.");
    }
    int n = Math.min(MAGIC.length, bytes.limit());
    if (bytes.slice(0, n).equals(ByteBuffer.wrap(MAGIC, 0, n))) {
      return;
    }
    if (bytes.limit() >= 4 && bytes.slice(0, 4).equals(ByteBuffer.wrap(MAGIC, 0, 4))) {
      throw new ModelFileException(
          "Model file "
              + name
              + " starts like a sumi model but the rest of its signature was altered, as happens"
              + " when a binary file is transferred in text mode.");
    }
    throw new ModelFileException(
        name
            + " is not a sumi model file: it does not start with the signature SUMI\\r\\n\\x1a\\n.");
  }

  /**
   * The file length that the length fields call for. Exact when every length field lies inside the
   * data; otherwise a lower bound that exceeds the data's length. No arithmetic here can overflow
   * or allocate, however absurd the fields are.
   */
  private record Extent(long length, boolean exact) {}

  private static Extent extent(ByteBuffer bytes) {
    long limit = bytes.limit();
    long at = MAGIC.length + 4;
    at += 4 + uint32(bytes, (int) at);
    if (at + 4 > limit) {
      return new Extent(at + 8, false);
    }
    long count = uint32(bytes, (int) at);
    at += 4;
    for (long i = 0; i < count; i++) {
      if (at + 4 > limit) {
        return new Extent(at + 4 * (count - i) + 4, false);
      }
      at += 4 + 4 * uint32(bytes, (int) at);
    }
    return new Extent(at + 4, true);
  }

  /** Decodes data whose lengths and checksum have been verified. */
  private static Contents contents(ByteBuffer bytes, String name) {
    int at = MAGIC.length + 4;
    int architectureLength = (int) uint32(bytes, at);
    at += 4;
    String architecture;
    try {
      architecture =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(bytes.slice(at, architectureLength))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ModelFileException(
          "Model file " + name + " is corrupted: its architecture is not valid UTF-8 text.", e);
    }
    at += architectureLength;
    int count = (int) uint32(bytes, at);
    at += 4;
    List<float[]> tensors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] tensor = new float[(int) uint32(bytes, at)];
      at += 4;
      bytes.slice(at, 4 * tensor.length).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(tensor);
      at += 4 * tensor.length;
      tensors.add(tensor);
    }
    return new Contents(architecture, tensors);
  }

  private static long checksum(ByteBuffer bytes, int end) {
    CRC32 crc = new CRC32();
    crc.update(bytes.slice(0, end));
    return crc.getValue();
  }

  private static long uint32(ByteBuffer bytes, int at) {
    return Integer.toUnsignedLong(bytes.getInt(at));
  }

  private static ModelFileException truncated(
      String name, long expected, boolean exact, int found) {
    return new ModelFileException(
        "Model file "
            + name
            + " is truncated or corrupted: expected "
            + (exact ? "" : "at least ")
            + expected
            + " bytes but found "
            + found
            + ".");
  }

  private static ModelFileException tooLarge(String name, long length) {
    return new ModelFileException(
        "Model file "
            + name
            + " is "
            + length
            + " bytes, larger than the 2 GiB a sumi model file may hold.");
  }

  /** Buffers output in chunks, keeping a CRC-32 of everything written until {@link #finish}. */
  private static final class ChecksummedWriter {
    private final WritableByteChannel channel;
    private final ByteBuffer buffer =
        ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();

    ChecksummedWriter(WritableByteChannel channel) {
      this.channel = channel;
    }

    void uint32(long value) throws IOException {
      room(4);
      buffer.putInt((int) value);
    }

    void bytes(byte[] values) throws IOException {
      for (int done = 0; done < values.length; ) {
        int n = Math.min(room(1), values.length - done);
        buffer.put(values, done, n);
        done += n;
      }
    }

    void floats(float[] values) throws IOException {
      for (int done = 0; done < values.length; ) {
        int n = Math.min(room(4) / 4, values.length - done);
        buffer.asFloatBuffer().put(values, done, n);
        buffer.position(buffer.position() + 4 * n);
        done += n;
      }
    }

    /** Writes the checksum of everything before it and flushes. */
    void finish() throws IOException {
      flush();
      buffer.putInt((int) crc.getValue());
      buffer.flip();
      drain();
    }

    /** Flushes if fewer than {@code bytes} are free; returns the free space. */
    private int room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
      return buffer.remaining();
    }

    private void flush() throws IOException {
      buffer.flip();
      crc.update(buffer);
      buffer.rewind();
      drain();
    }

    private void drain() throws IOException {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }
  }
}
