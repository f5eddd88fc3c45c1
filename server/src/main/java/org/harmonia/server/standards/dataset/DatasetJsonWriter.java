package org.harmonia.server.standards.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * One dataset as CDISC Dataset-JSON 1.1, streamed with Jackson's generator. The standard puts the number of
 * {@code records} in the header before the {@code rows}; so the rows go to a temporary file beside the target as
 * they come, and closing the writer writes the header with the count and copies the rows after it. Memory stays
 * the same for any number of rows.
 */
public final class DatasetJsonWriter implements DatasetWriter {
    public static final String VERSION = "1.1.0";
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final Dataset dataset;
    private final DatasetFileInfo info;
    private final Path target;
    private final Path rowsFile;
    private final OutputStream rowsStream;
    private final JsonGenerator rowsJson;
    private long rows;

    public DatasetJsonWriter(Dataset dataset, DatasetFileInfo info, Path target) throws IOException {
        this.dataset = dataset;
        this.info = info;
        this.target = target;
        Path dir = target.toAbsolutePath().getParent();
        this.rowsFile = Files.createTempFile(dir, "." + dataset.name().toLowerCase(java.util.Locale.ROOT), ".rows");
        this.rowsStream = new BufferedOutputStream(Files.newOutputStream(rowsFile), 64 * 1024);
        this.rowsJson = JSON.createGenerator(rowsStream);
        rowsJson.writeStartArray();
    }

    @Override
    public void row(Object... values) throws IOException {
        DatasetWriter.check(dataset, values);
        rowsJson.writeStartArray();
        for (int i = 0; i < values.length; i++) {
            Object x = values[i];
            Variable v = dataset.variables().get(i);
            if (x == null || x instanceof String s && s.isEmpty()) {
                rowsJson.writeNull();
            } else if (x instanceof String s) {
                rowsJson.writeString(s);
            } else if (v.type() == DataType.INTEGER) {
                rowsJson.writeNumber(((Number) x).longValue());
            } else if (x instanceof BigDecimal d) {
                rowsJson.writeNumber(d);
            } else {
                double d = ((Number) x).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new IllegalArgumentException(dataset.name() + "." + v.name() + ": " + d + " is not a number JSON can hold");
                }
                rowsJson.writeNumber(d);
            }
        }
        rowsJson.writeEndArray();
        rows++;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public void close() throws IOException {
        try {
            rowsJson.writeEndArray();
            rowsJson.close();
            rowsStream.close();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 64 * 1024)) {
                JsonGenerator g = JSON.createGenerator(out);
                g.writeStartObject();
                g.writeStringProperty("datasetJSONCreationDateTime", info.created());
                g.writeStringProperty("datasetJSONVersion", VERSION);
                g.writeStringProperty("fileOID", info.fileOid(dataset));
                if (info.dbLastModified() != null) {
                    g.writeStringProperty("dbLastModifiedDateTime", info.dbLastModified());
                }
                g.writeStringProperty("originator", info.originator());
                g.writeName("sourceSystem");
                g.writeStartObject();
                g.writeStringProperty("name", info.systemName());
                g.writeStringProperty("version", info.systemVersion());
                g.writeEndObject();
                g.writeStringProperty("studyOID", info.studyOid());
                g.writeStringProperty("metaDataVersionOID", info.metaDataVersionOid());
                g.writeStringProperty("metaDataRef", info.metaDataRef());
                g.writeStringProperty("itemGroupOID", "IG." + dataset.name());
                g.writeBooleanProperty("isReferenceData", info.referenceData(dataset));
                g.writeNumberProperty("records", rows);
                g.writeStringProperty("name", dataset.name());
                g.writeStringProperty("label", dataset.label());
                g.writeArrayPropertyStart("columns");
                for (Variable v : dataset.variables()) {
                    g.writeStartObject();
                    g.writeStringProperty("itemOID", "IT." + dataset.name() + "." + v.name());
                    g.writeStringProperty("name", v.name());
                    g.writeStringProperty("label", v.label());
                    g.writeStringProperty("dataType", v.type().json());
                    if (!v.numeric()) {
                        g.writeNumberProperty("length", v.length());
                    }
                    int key = dataset.keys().indexOf(v.name());
                    if (key >= 0) {
                        g.writeNumberProperty("keySequence", key + 1);
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.flush();
                g.close();
                out.write(",\"rows\":".getBytes(StandardCharsets.US_ASCII));
                try (InputStream in = Files.newInputStream(rowsFile)) {
                    in.transferTo(out);
                }
                out.write('}');
            }
        } finally {
            Files.deleteIfExists(rowsFile);
        }
    }
}
