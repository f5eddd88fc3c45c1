package org.harmonia.server.standards.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Dataset-JSON 1.1 files: the header with the count before the rows, columns with OIDs and types, values typed. */
class DatasetJsonWriterTest {
    static final DatasetFileInfo INFO = new DatasetFileInfo("mesems", "MDV.MESEMS.SDTMIG.3.4", "define.xml", "Harmonia test",
            "Harmonia", "0.1", "2026-12-02T16:05:30Z", "2026-12-02T16:00:00Z", Set.of("TS"));

    @TempDir
    Path dir;

    @Test
    void writesHeaderColumnsAndRowsInTheOrderOfTheStandard() throws IOException {
        try (DatasetWriter w = DatasetFormat.JSON.open(XptWriterTest.VS, dir, INFO)) {
            w.row("MESEMS-07-001", 1, "SYSBP", 128.0, "2013-02-04");
            w.row("MESEMS-07-001", 2, "TEMP", 36.7, "");
            w.row("MESEMS-07-002", 1, "WEIGHT", null, null);
        }
        Path file = dir.resolve("vs.json");
        String text = Files.readString(file);
        assertThat(text.indexOf("\"records\"")).isLessThan(text.indexOf("\"rows\""));
        JsonNode root = JsonMapper.builder().build().readTree(text);
        assertThat(root.get("datasetJSONVersion").asString()).isEqualTo("1.1.0");
        assertThat(root.get("datasetJSONCreationDateTime").asString()).isEqualTo("2026-12-02T16:05:30Z");
        assertThat(root.get("itemGroupOID").asString()).isEqualTo("IG.VS");
        assertThat(root.get("studyOID").asString()).isEqualTo("mesems");
        assertThat(root.get("metaDataRef").asString()).isEqualTo("define.xml");
        assertThat(root.get("isReferenceData").asBoolean()).isFalse();
        assertThat(root.get("sourceSystem").get("name").asString()).isEqualTo("Harmonia");
        assertThat(root.get("records").asLong()).isEqualTo(3);
        assertThat(root.get("name").asString()).isEqualTo("VS");
        JsonNode columns = root.get("columns");
        assertThat(columns.size()).isEqualTo(5);
        assertThat(columns.get(0).get("itemOID").asString()).isEqualTo("IT.VS.USUBJID");
        assertThat(columns.get(0).get("keySequence").asInt()).isEqualTo(1);
        assertThat(columns.get(1).get("dataType").asString()).isEqualTo("integer");
        assertThat(columns.get(3).get("dataType").asString()).isEqualTo("double");
        assertThat(columns.get(4).get("dataType").asString()).isEqualTo("date");
        assertThat(columns.get(0).get("length").asInt()).isEqualTo(20);
        JsonNode rows = root.get("rows");
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get(1).isIntegralNumber()).isTrue();
        assertThat(rows.get(0).get(3).asDouble()).isEqualTo(128.0);
        assertThat(rows.get(1).get(3).asDouble()).isEqualTo(36.7);
        assertThat(rows.get(1).get(4).isNull()).isTrue();
        assertThat(rows.get(2).get(3).isNull()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vs.json");
        }
    }

    @Test
    void anEmptyDatasetHasZeroRecordsAndAnEmptyRowsArray() throws IOException {
        try (DatasetWriter w = DatasetFormat.JSON.open(XptWriterTest.VS, dir, INFO)) {
            assertThat(w.rows()).isZero();
        }
        JsonNode root = JsonMapper.builder().build().readTree(dir.resolve("vs.json").toFile());
        assertThat(root.get("records").asLong()).isZero();
        assertThat(root.get("rows").isArray()).isTrue();
        assertThat(root.get("rows").size()).isZero();
    }

    @Test
    void textsKeepTheirUnicode() throws IOException {
        Dataset cm = new Dataset("CM", "Concomitant Medications", java.util.List.of(Variable.text("CMTRT", "Reported Name of Drug", 40)),
                java.util.List.of());
        try (DatasetWriter w = DatasetFormat.JSON.open(cm, dir, INFO)) {
            w.row("Fingolimod Malmö");
        }
        JsonNode root = JsonMapper.builder().build().readTree(dir.resolve("cm.json").toFile());
        assertThat(root.get("rows").get(0).get(0).asString()).isEqualTo("Fingolimod Malmö");
    }
}
