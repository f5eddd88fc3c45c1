package org.harmonia.server.standards.odm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.cli.HarmoniaCommand;
import org.harmonia.server.system.DatabaseConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import picocli.CommandLine;

/**
 * The demo study exported as ODM 1.3.2: valid against CDISC's schema (committed under src/test/resources/odm/schema),
 * blinded unless asked, and the same data after export, import into an empty database and export again.
 */
@SpringBootTest(properties = {"harmonia.protocols=../protocols", "harmonia.test.database=odm-export"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OdmExportRoundTripTest {
    @Autowired
    DemoCohort cohort;

    @Autowired
    DatabaseConfiguration.EmbeddedDatabaseHolder database;

    @TempDir
    static Path dir;

    Path blinded;

    @BeforeAll
    void exportTheDemoStudy() {
        cohort.load("mesems");
        blinded = dir.resolve("mesems.xml");
        Cli run = Cli.run("export", "odm", "--study", "mesems", "--out", blinded.toString(), "--db-url", url());
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("blinded ODM 1.3.2 export of mesems written to").contains("164 subjects");
    }

    @Test
    void theBlindedExportIsValidOdm132WithAuditRecordsAndNoAllocation() throws Exception {
        validate(blinded);
        String xml = Files.readString(blinded);
        assertThat(xml).contains("ODMVersion=\"1.3.2\"").contains("<SiteRef LocationOID=\"LOC.07\"")
                .contains("<AuditRecord").contains("<UserRef UserOID=").contains("StudyEventOID=\"SE.W4\"")
                .contains("<RangeCheck Comparator=\"LE\" SoftHard=\"Hard\"><CheckValue>500</CheckValue>")
                .contains("<MeasurementUnitRef MeasurementUnitOID=\"MU.mmHg\"");
        assertThat(xml).doesNotContain("ALLOCATION").doesNotContain("MSC-PLACEBO").doesNotContain("PLACEBO-MSC");
    }

    @Test
    void theUnblindedExportAddsEachSubjectsSequenceAndStaysValid() throws Exception {
        Path unblinded = dir.resolve("unblinded.xml");
        Cli run = Cli.run("export", "odm", "--study", "mesems", "--unblinded", "--out", unblinded.toString(), "--db-url", url());
        assertThat(run.code).as(run.err).isZero();
        validate(unblinded);
        String xml = Files.readString(unblinded);
        assertThat(xml).contains("<FormData FormOID=\"F.ALLOCATION\"").contains("Value=\"MSC-PLACEBO\"");
    }

    @Test
    void theMetadataAloneIsValidOdm132() throws Exception {
        Path meta = dir.resolve("meta.xml");
        Cli run = Cli.run("export", "odm", "--study", "mesems", "--metadata-only", "--out", meta.toString(), "--db-url", url());
        assertThat(run.code).as(run.err).isZero();
        validate(meta);
        String xml = Files.readString(meta);
        assertThat(xml).contains("Granularity=\"Metadata\"").doesNotContain("<ClinicalData");
        assertThat(xml).contains("<StudyEventDef OID=\"SE.W48\"").contains("<CodeList OID=\"CL.mri.field_strength\"")
                .contains("xml:lang=\"it\"");
    }

    @Test
    void exportImportIntoAnEmptyDatabaseAndExportAgainGivesTheSameData() throws Exception {
        try (Connection c = DriverManager.getConnection(url())) {
            c.createStatement().execute("create database roundtrip");
        }
        String empty = url().replace("/postgres", "/roundtrip");
        Cli imported = Cli.run("import", "odm", blinded.toString(), "--study", "mesems", "--db-url", empty, "--protocols", "../protocols");
        assertThat(imported.code).as(imported.err).isZero();
        assertThat(imported.out).contains("imported mesems.xml into mesems");
        Path again = dir.resolve("again.xml");
        Cli exported = Cli.run("export", "odm", "--study", "mesems", "--out", again.toString(), "--db-url", empty);
        assertThat(exported.code).as(exported.err).isZero();
        Map<String, String> before = values(blinded);
        Map<String, String> after = values(again);
        assertThat(before).hasSizeGreaterThan(10_000);
        java.util.List<String> differences = new java.util.ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            if (!java.util.Objects.equals(before.get(k), after.get(k))) {
                differences.add(k + ": " + before.get(k) + " -> " + after.get(k));
            }
        }
        assertThat(differences).as("first differences: " + differences.stream().limit(30).toList()).isEmpty();
        try (Connection c = DriverManager.getConnection(empty)) {
            var rs = c.createStatement().executeQuery(
                    "select count(*) from audit_log where entity_type = 'form_record' and reason = 'imported from ODM file mesems.xml'");
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }

    /** Every value of the file keyed by subject, event, form, repeat and item. */
    private static Map<String, String> values(Path file) throws Exception {
        OdmFile odm;
        try (InputStream in = Files.newInputStream(file)) {
            odm = new OdmReader().read(in, file.getFileName().toString());
        }
        Map<String, String> out = new TreeMap<>();
        for (OdmFile.SubjectData s : odm.subjects()) {
            for (OdmFile.EventData e : s.events()) {
                for (OdmFile.FormData f : e.forms()) {
                    for (OdmFile.GroupData g : f.groups()) {
                        for (OdmFile.ItemValue v : g.items()) {
                            out.put(s.key() + "/" + s.siteOid() + "/" + e.eventOid() + "/" + f.formOid() + "/" + f.repeatKey() + "/"
                                    + v.itemOid(), v.value());
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void validate(Path file) throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // the schema and its imports are read from the committed files only, never from the network
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        Validator v = f.newSchema(Path.of("src/test/resources/odm/schema/ODM1-3-2.xsd").toFile()).newValidator();
        v.validate(new StreamSource(file.toFile()));
    }

    private String url() {
        return database.database().jdbcUrl();
    }

    private record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            CommandLine cl = HarmoniaCommand.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args);
            return new Cli(code, out.toString(), err.toString());
        }
    }
}
