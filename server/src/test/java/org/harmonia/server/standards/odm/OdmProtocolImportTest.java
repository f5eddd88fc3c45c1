package org.harmonia.server.standards.odm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.harmonia.server.cli.HarmoniaCommand;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code harmonia import odm F.xml --protocol-out P.yaml} on real exports of REDCap and OpenClinica (sources in
 * src/test/resources/odm/README.md), and the parser's refusal of hostile files.
 */
class OdmProtocolImportTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void aRedcapProjectBecomesAProtocolThatProtocolCheckAccepts() throws Exception {
        Path yaml = dir.resolve("redcap.yaml");
        assertThat(run("import", "odm", "src/test/resources/odm/redcap/clinical-trial-1.xml", "--protocol-out", yaml.toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("protocol drafted from clinical-trial-1.xml").contains("assumptions to review");
        assertThat(run("protocol", "check", yaml.toString())).as(err.toString()).isZero();
        Protocol p = new ProtocolLoader().load(yaml);
        // the demographics form with REDCap's radio buttons as choice lists of their labels, the record id left out
        var demographics = p.form("demographics").orElseThrow();
        assertThat(demographics.field("record_id")).isEmpty();
        assertThat(demographics.field("dob").orElseThrow().variable().type().name()).isEqualTo("DATE");
        assertThat(demographics.field("gender").orElseThrow().variable().choices()).contains("Female", "Male");
        assertThat(demographics.field("height").orElseThrow().variable().type().name()).isEqualTo("NUMBER");
        assertThat(p.assumptions()).anySatisfy(a -> assertThat(a.text()).contains("ODM has no study design"));
        assertThat(p.assumptions()).anySatisfy(a -> assertThat(a.text()).contains("defines no events"));
    }

    @Test
    void anOpenClinicaStudyBecomesAProtocolWithItsEventsFormsUnitsAndCodeLists() throws Exception {
        Path yaml = dir.resolve("oc.yaml");
        assertThat(run("import", "odm", "src/test/resources/odm/openclinica/JUNO_DEMO_odm1.3_fullExtract.xml",
                "--protocol-out", yaml.toString())).as(err.toString()).isZero();
        assertThat(run("protocol", "check", yaml.toString())).as(err.toString()).isZero();
        Protocol p = new ProtocolLoader().load(yaml);
        assertThat(p.id()).isEqualTo("juno");
        assertThat(p.visits()).hasSizeGreaterThan(3);
        assertThat(p.forms()).hasSizeGreaterThan(5);
        assertThat(p.forms().stream().flatMap(f -> f.fields().stream()).filter(f -> f.variable().unit() != null)).isNotEmpty();
        assertThat(p.forms().stream().flatMap(f -> f.fields().stream())
                .filter(f -> f.variable().type() == org.harmonia.trial.eligibility.VariableType.CHOICE)).isNotEmpty();
        assertThat(p.assumptions()).anySatisfy(a -> assertThat(a.text()).contains("Visit days: ODM gives no timing"));
        assertThat(p.assumptions()).anySatisfy(a -> assertThat(a.text()).contains("partialDate is kept as text"));
    }

    @Test
    void aBillionLaughsFileIsRefusedInOneLineAndNothingIsWritten() {
        assertRefused("billion-laughs.xml", "DOCTYPE");
    }

    @Test
    void anExternalEntityIsNeverRead() {
        assertRefused("external-entity.xml", "DOCTYPE");
        assertThat(err.toString()).doesNotContain("root:");
    }

    @Test
    void anExternalDtdIsNeverFetched() {
        assertRefused("external-dtd.xml", "DOCTYPE");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead() {
        String big = "<ODM xmlns=\"http://www.cdisc.org/ns/odm/v1.3\">" + "<!-- padding -->".repeat(1000) + "</ODM>";
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new OdmReader(1000).read(
                new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "big.xml")))
                .isInstanceOf(OdmReadException.class).hasMessage("big.xml: the file is larger than the limit of 1000 bytes");
    }

    @Test
    void aFileThatIsNotOdmIsRefusedNamingItsRoot() throws Exception {
        Path f = Files.writeString(dir.resolve("not.xml"), "<html/>");
        assertThat(run("import", "odm", f.toString(), "--protocol-out", dir.resolve("p.yaml").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).contains("not an ODM file (the root element is html");
        assertThat(dir.resolve("p.yaml")).doesNotExist();
    }

    private void assertRefused(String file, String expected) {
        Path target = dir.resolve("hostile.yaml");
        assertThat(run("import", "odm", "src/test/resources/odm/hostile/" + file, "--protocol-out", target.toString())).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1);
        assertThat(err.toString()).contains(file).contains(expected).doesNotContain("Exception").doesNotContain("lollol");
        assertThat(target).doesNotExist();
    }

    private int run(String... args) {
        CommandLine cl = HarmoniaCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
