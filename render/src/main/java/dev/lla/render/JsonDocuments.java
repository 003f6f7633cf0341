package dev.lla.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * JSON for result documents. Non-finite numbers are written as {@code null}, never as the strings
 * or bare tokens ({@code NaN}, {@code Infinity}) that strict JSON parsers reject.
 */
public final class JsonDocuments {

    private static final ObjectMapper MAPPER = createMapper();

    private JsonDocuments() {}

    /** The mapper: records in declaration order, non-finite doubles as null, indented. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The document as indented JSON text, ending in a newline. */
    public static String toJson(Object document) {
        try {
            return MAPPER.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + document.getClass().getSimpleName(), e);
        }
    }

    /** Writes the document to {@code target} atomically. */
    public static void write(Path target, Object document) {
        AtomicFiles.write(target, toJson(document).getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectMapper createMapper() {
        SimpleModule finiteOnly = new SimpleModule("finite-only");
        finiteOnly.addSerializer(Double.class, new FiniteDoubleSerializer());
        finiteOnly.addSerializer(double.class, new FiniteDoubleSerializer());
        finiteOnly.addSerializer(Float.class, new FiniteFloatSerializer());
        finiteOnly.addSerializer(float.class, new FiniteFloatSerializer());
        finiteOnly.addSerializer(double[].class, new FiniteDoubleArraySerializer());
        ObjectMapper mapper = new ObjectMapper();
        mapper.registerModule(finiteOnly);
        mapper.enable(SerializationFeature.INDENT_OUTPUT);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return mapper;
    }

    private static void writeFinite(double value, JsonGenerator gen) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(value);
        } else {
            gen.writeNull();
        }
    }

    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {
        FiniteDoubleSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            writeFinite(value, gen);
        }
    }

    private static final class FiniteFloatSerializer extends StdSerializer<Float> {
        FiniteFloatSerializer() {
            super(Float.class);
        }

        @Override
        public void serialize(Float value, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            writeFinite(value, gen);
        }
    }

    private static final class FiniteDoubleArraySerializer extends StdSerializer<double[]> {
        FiniteDoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeStartArray(values, values.length);
            for (double v : values) {
                writeFinite(v, gen);
            }
            gen.writeEndArray();
        }
    }
}
