package org.harmonia.server.standards.usdm;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.harmonia.server.stats.CliRun;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.protocol.EligibilityCriterion;
import org.harmonia.trial.protocol.Endpoint;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.harmonia.trial.protocol.Visit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * USDM 4: the MESEMS export valid against CDISC's USDM 4.0.0 schema (src/test/resources/usdm, from DDF-RA), the round
 * trip export → import → protocol check with the same visits, arms, criteria and endpoints, CDISC's own pilot study
 * imported, and bad files refused with one line and exit code 2.
 */
class UsdmTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Schema wrapperSchema;
    static Protocol mesems;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTheSchemaAndTheProtocol() throws IOException {
        ObjectNode api = (ObjectNode) JSON.readTree(Path.of("src/test/resources/usdm/USDM_API.json").toFile());
        // the whole specification as one schema whose root is the file's Wrapper: every $ref resolves inside it
        api.put("$ref", "#/components/schemas/Wrapper-Input");
        wrapperSchema = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012()).getSchema(api);
        mesems = new ProtocolLoader().load(Path.of("../protocols/mesems.yaml"));
    }

    static List<String> schemaErrors(JsonNode usdm) {
        List<Error> errors = wrapperSchema.validate(usdm);
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).distinct().limit(20).toList();
    }

    @Test
    void theMesemsExportIsValidAgainstTheUsdm4Schema() {
        JsonNode usdm = new UsdmExport().export(mesems).usdm();
        assertThat(schemaErrors(usdm)).isEmpty();
        assertThat(usdm.get("usdmVersion").asString()).isEqualTo("4.0.0");
        JsonNode design = usdm.at("/study/versions/0/studyDesigns/0");
        assertThat(design.get("instanceType").asString()).isEqualTo("InterventionalStudyDesign");
        assertThat(design.get("encounters")).hasSize(15);
        assertThat(design.get("arms")).hasSize(2);
        assertThat(design.get("eligibilityCriteria")).hasSize(mesems.eligibility().size());
        assertThat(design.at("/blindingSchema/standardCode/decode").asString()).isEqualTo("quadruple blind");
        assertThat(design.at("/studyPhase/standardCode/code").asString()).isEqualTo("C15601");
    }

    @Test
    void theSchemaCheckCatchesAFileThatBreaksIt() {
        // the validator is not a formality: a required attribute removed and a wrong type are both reported
        ObjectNode usdm = new UsdmExport().export(mesems).usdm();
        ((ObjectNode) usdm.at("/study/versions/0/studyDesigns/0/encounters/0")).remove("name");
        ((ObjectNode) usdm.at("/study/versions/0/studyDesigns/0/population")).put("includesHealthySubjects", "no");
        assertThat(schemaErrors(usdm)).anyMatch(e -> e.contains("encounters/0") && e.contains("name"))
                .anyMatch(e -> e.contains("includesHealthySubjects"));
    }

    @Test
    void neitherTheBlockSizesNorAConcealedAssumptionIsExported() {
        String text = new UsdmExport().export(mesems).usdm().toString();
        assertThat(text).doesNotContain("blockSizes").doesNotContain("Blocks of").doesNotContain("permuted");
        mesems.assumptions().forEach(a -> assertThat(text).doesNotContain(a.text()));
    }

    @Test
    void mesemsRoundTripsThroughUsdmWithTheSameVisitsArmsCriteriaAndEndpoints() throws IOException {
        Path file = dir.resolve("mesems-usdm.json");
        Files.writeString(file, new UsdmExport().export(mesems).usdm().toString());
        Path draft = dir.resolve("mesems-draft.yaml");
        CliRun run = CliRun.of("import", "usdm", file.toString(), "--protocol-out", draft.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("15 visits, 2 sequences, " + mesems.eligibility().size() + " eligibility criteria, 6 endpoints");
        CliRun check = CliRun.of("protocol", "check", draft.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        Protocol back = new ProtocolLoader().load(draft);

        assertThat(back.id()).isEqualTo("mesems");
        assertThat(back.version()).isEqualTo(mesems.version());
        assertThat(back.title()).isEqualTo(mesems.title().replaceAll("\\s+", " "));
        assertThat(back.acronym()).isEqualTo("MESEMS");
        assertThat(back.phase()).isEqualTo("phase 2");
        assertThat(back.design().type()).isEqualTo(mesems.design().type());
        assertThat(back.design().masking()).isEqualTo(mesems.design().masking());
        assertThat(back.design().plannedEnrolment()).isEqualTo(144);
        assertThat(back.visits()).isEqualTo(mesems.visits());
        assertThat(back.epochs()).isEqualTo(mesems.epochs());
        assertThat(back.arms()).isEqualTo(mesems.arms());
        assertThat(back.sequences()).isEqualTo(mesems.sequences());
        assertThat(back.interventions()).extracting(i -> i.id() + " " + i.name() + " " + i.type())
                .isEqualTo(mesems.interventions().stream().map(i -> i.id() + " " + i.name() + " " + i.type()).toList());
        Function<EligibilityCriterion, String> criterion = c -> c.id() + " " + c.kind() + " " + c.text().replaceAll("\\s+", " ");
        assertThat(back.eligibility()).extracting(criterion).isEqualTo(mesems.eligibility().stream().map(criterion).toList());
        Function<Endpoint, String> endpoint = e -> e.id() + " " + e.level() + " " + e.type() + " " + e.text().replaceAll("\\s+", " ")
                + " " + (e.source() == null ? "" : e.source().activityId() + " " + e.source().visitIds());
        assertThat(back.endpoints()).extracting(endpoint).isEqualTo(mesems.endpoints().stream().map(endpoint).toList());
        assertThat(back.objectives()).extracting(o -> o.id() + " " + o.level() + " " + o.endpointIds())
                .isEqualTo(mesems.objectives().stream().map(o -> o.id() + " " + o.level() + " " + o.endpointIds()).toList());
        assertThat(back.activities()).extracting(a -> a.id() + " " + a.visitIds())
                .isEqualTo(mesems.activities().stream().map(a -> a.id() + " " + a.visitIds()).toList());
        // what USDM cannot carry is said, not invented
        String yaml = Files.readString(draft);
        assertThat(yaml).contains("allocation: non-randomised").contains("the source is randomised")
                .contains("IN-AGE: years_since(date_of_birth) between 18 and 50")
                .contains("edss (form edss)");
    }

    @Test
    void aCriterionNamedAsAWordOfTheRuleLanguageGetsAFieldTheLoaderAccepts() {
        ObjectNode usdm = new UsdmExport().export(mesems).usdm();
        ((ObjectNode) usdm.at("/study/versions/0/studyDesigns/0/eligibilityCriteria/0")).put("name", "In");
        String yaml = new UsdmProtocolWriter().write(UsdmFile.parse(usdm.toString().getBytes(StandardCharsets.UTF_8), "in.json")).yaml();
        Protocol back = new ProtocolLoader().load("in.yaml", yaml);
        assertThat(back.eligibility().get(0).id()).isEqualTo("In");
        assertThat(yaml).contains("name: \"in_value\"");
    }

    @Test
    void cdiscsPilotStudyIsValidAndImportsIntoAProtocolThatChecks() throws IOException {
        Path pilot = Path.of("src/test/resources/usdm/CDISC_Pilot_Study.json");
        assertThat(schemaErrors(JSON.readTree(pilot.toFile()))).isEmpty();
        Path draft = dir.resolve("pilot.yaml");
        CliRun run = CliRun.of("import", "usdm", pilot.toString(), "--protocol-out", draft.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        CliRun check = CliRun.of("protocol", "check", draft.toString());
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        Protocol p = new ProtocolLoader().load(draft);
        assertThat(p.eligibility()).hasSize(31);
        assertThat(p.eligibility()).filteredOn(c -> c.kind() == CriterionKind.EXCLUSION).isNotEmpty();
        assertThat(p.sequences()).extracting(s -> s.label()).containsExactly("Placebo", "Xanomeline Low Dose", "Xanomeline High Dose");
        assertThat(p.epochs()).hasSize(5);
        // the timings: screening two weeks before the baseline (day 0), then weeks 2 to 26 after it
        assertThat(p.visits()).extracting(Visit::label).contains("Screening 1", "Baseline", "Week 2", "Week 26");
        assertThat(p.visits()).filteredOn(v -> v.label().equals("Screening 1")).extracting(Visit::targetDay).containsExactly(-14);
        assertThat(p.visits()).filteredOn(v -> v.label().equals("Baseline")).extracting(Visit::targetDay).containsExactly(0);
        assertThat(p.visits()).filteredOn(v -> v.label().equals("Week 26")).extracting(Visit::targetDay).containsExactly(182);
        assertThat(p.visits()).filteredOn(v -> v.label().equals("Week 2")).extracting(v -> v.window().early() + "/" + v.window().late())
                .containsExactly("3/3");
        assertThat(p.objectives()).isNotEmpty();
        assertThat(p.eligibility().get(0).text()).doesNotContain("<p>").contains("[min_age]");
        assertThat(p.assumptions()).isNotEmpty();
    }

    @Test
    void badFilesAreRefusedWithOneLineNamingWhereAndNothingIsWritten() throws IOException {
        String good = new UsdmExport().export(mesems).usdm().toString();
        ObjectNode wrongType = (ObjectNode) JSON.readTree(good);
        ((ObjectNode) wrongType.at("/study/versions/0/studyDesigns/0/encounters/3")).put("name", 4);
        refused(wrongType.toString(), "study.versions[0].studyDesigns[0].encounters[3].name: expected a text, found a number");
        ObjectNode oldVersion = (ObjectNode) JSON.readTree(good);
        oldVersion.put("usdmVersion", "3.0.0");
        refused(oldVersion.toString(), "usdmVersion \"3.0.0\" is not supported: this import reads USDM 4");
        refused(good.replaceFirst("\"usdmVersion\"", "\"usdmVersion\":\"4.0.0\",\"usdmVersion\""), "Duplicate");
        refused("[1, 2]", "a USDM file is one JSON object");
        refused("{\"usdmVersion\": \"4.0.0\", \"study\": ", "not valid JSON");
        refused("{\"usdmVersion\": \"4.0.0\"}", "study: is required");
        refused("{\"usdmVersion\": \"4.0.0\", \"study\": {\"name\": \"x\", \"versions\": []}}", "study: has no versions");
        ObjectNode control = (ObjectNode) JSON.readTree(good);
        ((ObjectNode) control.at("/study/versions/0/studyDesigns/0/encounters/0")).put("label", "screening\u0007");
        refused(control.toString(), "study.versions[0].studyDesigns[0].encounters[0].label: contains a control character");
        refused("{\"usdmVersion\": \"4.0.0\", \"x\": \"" + "a".repeat(UsdmFile.MAX_TEXT + 1) + "\"}", "not valid JSON");
        refused("[".repeat(UsdmFile.MAX_DEPTH + 2), "not valid JSON");
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(UsdmFile.MAX_BYTES + 1);   // sparse: the size alone is refused, nothing is read
        }
        CliRun r = CliRun.of("import", "usdm", huge.toString(), "--protocol-out", dir.resolve("huge.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("larger than the limit").doesNotContain("\n");
        assertThat(dir.resolve("huge.yaml")).doesNotExist();
    }

    private void refused(String content, String message) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Path out = dir.resolve("bad.yaml");
        CliRun r = CliRun.of("import", "usdm", file.toString(), "--protocol-out", out.toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip()).as("one line").contains(message).contains("bad.json").doesNotContain("\n").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }
}
