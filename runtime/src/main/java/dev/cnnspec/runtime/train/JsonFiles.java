package dev.cnnspec.runtime.train;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The JSON files cnn-spec writes and reads back ({@code metrics.json}, checkpoints' state,
 * {@code model.json}, {@code evaluation.json}…), bound to records by one Jackson mapper, so that
 * each file's layout is the record that holds it and not a tree mapped by hand.
 *
 * <p>The conventions the files have always had, kept here once:
 * <ul>
 *   <li>pretty-printed, fields in the records' order;
 *   <li>a number that is not finite (NaN: no validation set; infinity: no best loss yet) is
 *       {@code null}, which JSON readers understand (Jackson's default, the string {@code "NaN"},
 *       they do not), and {@code null} reads back as NaN into a {@code double};
 *   <li>no silent coercion where it would hide damage: {@code 28.5} is not an integer and
 *       {@code "28"} not a number;
 *   <li>a field this version does not know (a file from a newer cnn-spec) is ignored with one
 *       warning naming the file and the fields: refusing it would break reading old runs with new
 *       tools for no gain, and saying nothing would hide a typo in a hand-edited file.
 * </ul>
 * A file that is not JSON or does not fit its record is a {@link JsonFileException} naming the
 * file, the line and column, and the field.
 */
public final class JsonFiles {
  private static final ObjectMapper MAPPER = mapper();

  private JsonFiles() {}

  /** Writes {@code value} atomically ({@link AtomicFiles}) as pretty-printed JSON. */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, toJson(value));
  }

  public static String toJson(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /**
   * Reads {@code file} into a {@code type}; unknown fields are warned about on stderr.
   *
   * @param maxBytes larger files are refused before they are read (they are untrusted input)
   */
  public static <T> T read(Path file, Class<T> type, long maxBytes) throws IOException {
    long size = Files.size(file);
    if (size > maxBytes) {
      throw new JsonFileException(file, null, "", size + " bytes, more than the " + maxBytes + " such a file can have");
    }
    Unknown unknown = new Unknown();
    T value;
    try {
      value = MAPPER.readerFor(type).withHandler(unknown).readValue(Files.readAllBytes(file));
    } catch (JsonProcessingException e) {
      throw JsonFileException.of(file, e);
    }
    if (value == null) {
      throw new JsonFileException(file, null, "", "empty (null), expected a JSON " + (List.class.isAssignableFrom(type)
          ? "list" : "object"));
    }
    if (!unknown.fields.isEmpty()) {
      System.err.println("warning: " + file + ": ignored unknown field" + (unknown.fields.size() == 1 ? " " : "s ")
          + unknown.fields.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "))
          + " (written by a newer cnn-spec?)");
    }
    return value;
  }

  /** Reads {@code file} as a list of {@code element}. */
  public static <T> List<T> readList(Path file, Class<T> element, long maxBytes) throws IOException {
    T[] array = read(file, arrayType(element), maxBytes);
    return List.of(array);
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T[]> arrayType(Class<T> element) {
    return (Class<T[]>) java.lang.reflect.Array.newInstance(element, 0).getClass();
  }

  /** A JSON file that cannot be read: where, which field, and what is wrong. */
  public static final class JsonFileException extends IOException {
    private final Path file;
    private final String field;
    private final String problem;

    JsonFileException(Path file, JsonLocation at, String field, String problem) {
      super(file + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": "
          + (field.isEmpty() ? "" : "\"" + field + "\" ") + problem);
      this.file = file;
      this.field = field;
      this.problem = problem;
    }

    static JsonFileException of(Path file, JsonProcessingException e) {
      // databind wraps the parser's errors with the field it was in; they are still not JSON
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof StreamReadException)) {
        cause = cause.getCause();
      }
      if (e instanceof JsonMappingException m && !(cause instanceof StreamReadException)) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
          if (r.getFieldName() != null) {
            field.append(field.length() == 0 ? "" : ".").append(r.getFieldName());
          } else if (r.getIndex() >= 0) {
            field.append('[').append(r.getIndex()).append(']');
          }
        }
        return new JsonFileException(file, e.getLocation(), field.toString(), "does not fit: "
            + firstSentence(e.getOriginalMessage()));
      }
      String detail = cause instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getOriginalMessage();
      return new JsonFileException(file, e.getLocation(), "", "not valid JSON (" + firstSentence(detail) + ")");
    }

    public Path file() {
      return file;
    }

    /** The field, as a path ({@code normalizer.mean[1]}), or empty when the file is not JSON at all. */
    public String field() {
      return field;
    }

    public String problem() {
      return problem;
    }
  }

  private static String firstSentence(String s) {
    if (s == null) {
      return "no detail";
    }
    String line = s.lines().findFirst().orElse("").replaceAll("\\(for [^)]*\\)", "").strip();
    return line.length() <= 160 ? line : line.substring(0, 160) + "…";
  }

  /** Collects the unknown fields of one read, and skips them. */
  private static final class Unknown extends DeserializationProblemHandler {
    final TreeSet<String> fields = new TreeSet<>();

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
        Object beanOrClass, String propertyName) throws IOException {
      fields.add(propertyName);
      p.skipChildren();
      return true;
    }
  }

  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    SimpleModule finite = new SimpleModule("non-finite numbers as null");
    finite.addSerializer(Double.TYPE, new NonFiniteAsNull());
    finite.addSerializer(Double.class, new NonFiniteAsNull());
    finite.addDeserializer(Double.TYPE, new NullAsNaN());
    m.registerModule(finite);
    return m;
  }

  private static final class NonFiniteAsNull extends StdSerializer<Double> {
    NonFiniteAsNull() {
      super(Double.class);
    }

    @Override
    public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
      if (Double.isFinite(v)) {
        gen.writeNumber(v);
      } else {
        gen.writeNull();
      }
    }
  }

  /** A {@code double} that is {@code null} (or absent) in the file is NaN, not Jackson's 0. */
  private static final class NullAsNaN extends NumberDeserializers.DoubleDeserializer {
    NullAsNaN() {
      super(Double.TYPE, Double.NaN); // the value of a null
    }
  }
}
