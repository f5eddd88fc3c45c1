package org.harmonia.server.standards.sdtm;

import static org.harmonia.server.standards.dataset.Variable.integer;
import static org.harmonia.server.standards.dataset.Variable.number;
import static org.harmonia.server.standards.dataset.Variable.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.analysis.StudyAnalysis;
import org.harmonia.server.analysis.SubjectData;
import org.harmonia.server.analysis.TrialSnapshot;
import org.harmonia.server.cli.HarmoniaVersion;
import org.harmonia.server.standards.dataset.Dataset;
import org.harmonia.server.standards.dataset.DatasetFileInfo;
import org.harmonia.server.standards.dataset.DatasetFormat;
import org.harmonia.server.standards.dataset.DatasetWriter;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.AnalysisSpec;
import org.harmonia.trial.protocol.DataPoint;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.Sequence;
import org.harmonia.trial.protocol.Visit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analysis datasets of the primary analysis: ADSL (one row per analysed subject: sub-trial, baseline
 * characteristics, the analysis sets and, unblinded, the sequence) and ADGEL (a BDS dataset of the GEL counts: one
 * row per MRI visit traced to its NV record, and per subject the primary response, the total over the primary
 * visits, and the number of those scans, flagged for the primary analysis), with define.xml and an R script that
 * fits the plan's model to the exported files. The data are the report's: the same snapshot, the same analysis
 * sets and the same analysis data cut-off, so the R script gives the report's rate ratio.
 */
public final class AdamExport {
    public static final String STANDARD = "ADaMIG";
    public static final String VERSION = "1.3";
    static final String SCRIPT = "primary-analysis.R";

    private final DataSource dataSource;
    private final JsonMapper json = JsonMapper.builder().build();

    public AdamExport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Result(Map<String, Long> rows, Path define, Path script, boolean unblinded) {
    }

    public Result export(Protocol protocol, DatasetFormat format, Path dir, boolean unblinded, Instant now) throws IOException {
        return export(protocol, format, dir, unblinded, now, null);
    }

    /** The export from the live data ({@code lock} null) or from the snapshot a database lock stored, as the report reads it. */
    public Result export(Protocol protocol, DatasetFormat format, Path dir, boolean unblinded, Instant now, SnapshotLoader.DatabaseLock lock)
            throws IOException {
        AnalysisSpec spec = protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL)
                .orElseThrow(() -> new IllegalArgumentException("the protocol has no negative-binomial primary analysis to export"));
        Files.createDirectories(dir);
        TrialSnapshot snapshot = new SnapshotLoader(dataSource, json, Clock.fixed(now, ZoneOffset.UTC)).load(protocol, unblinded, lock);
        StudyAnalysis analysis = new StudyAnalysis(protocol, snapshot);
        StudyTimeline timeline = new StudyTimeline(protocol);
        Map<String, Double> nvSeq = nvSequenceNumbers(timeline);
        Set<String> randomised = ids(analysis.members("RAN"));
        Set<String> safety = ids(analysis.members("SAF"));
        Set<String> fas = ids(analysis.members(spec.populationId()));
        Set<String> pp = ids(analysis.members("PP"));
        String created = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Domain adsl = adsl(unblinded);
        Domain adgel = adgel(unblinded);
        DatasetFileInfo info = new DatasetFileInfo(timeline.studyId(), DefineXml.metaDataVersionOid(STANDARD, VERSION), "define.xml",
                "Harmonia", "Harmonia", HarmoniaVersion.current(), created, null, Set.of());
        Map<String, Long> rows = new LinkedHashMap<>();
        try (DatasetWriter out = format.open(adsl.dataset(), dir, info)) {
            for (SubjectData s : snapshot.subjects()) {
                Map<String, String> sc = s.screening();
                LocalDate born = toDate(sc.get("date_of_birth"));
                LocalDate onset = toDate(sc.get("ms_onset_date"));
                DataPoint b = spec.baseline();
                Domain.Row row = adsl.row().set("STUDYID", timeline.studyId()).set("USUBJID", timeline.usubjid(s.id())).set("SUBJID", s.id())
                        .set("SITEID", s.siteId()).set("SUBTRIAL", s.subTrialId())
                        .set("COUNTRY", protocol.subTrials().stream().filter(t -> t.id().equals(s.subTrialId())).findFirst()
                                .map(t -> Terminology.country(t.country())).orElse(null))
                        .set("AGE", born == null || s.screeningDate() == null ? null : java.time.Period.between(born, s.screeningDate()).getYears())
                        .set("AGEU", born == null ? null : "YEARS").set("SEX", Terminology.sex(sc.get("sex")))
                        .set("MSTYPE", sc.get("phenotype"))
                        .set("DURDIS", onset == null || s.screeningDate() == null ? null
                                : (double) java.time.Period.between(onset, s.screeningDate()).getYears())
                        .set("EDSSBL", toNumber(sc.get("edss"))).set("RELAP12", toNumber(sc.get("relapses_12m")))
                        .set("GELBL", b == null ? null : s.number(b.visits().get(0), b.form(), b.field()).orElse(null))
                        .set("RANDFL", flag(randomised, s)).set("SAFFL", flag(safety, s)).set("FASFL", flag(fas, s)).set("PPROTFL", flag(pp, s));
                if (unblinded && s.sequenceId() != null) {
                    Sequence seq = timeline.sequence(s.sequenceId());
                    row.set("TRTSEQP", seq.id()).set("TRT01P", timeline.armIn(seq, seq.periods().get(0).epochId()).label());
                    if (seq.periods().size() > 1) {
                        row.set("TRT02P", timeline.armIn(seq, seq.periods().get(1).epochId()).label());
                    }
                }
                write(out, row);
            }
            rows.put("ADSL", out.rows());
        }
        try (DatasetWriter out = format.open(adgel.dataset(), dir, info)) {
            DataPoint response = spec.response();
            DataPoint b = spec.baseline();
            for (SubjectData s : snapshot.subjects()) {
                if (!s.randomised()) {
                    continue;
                }
                Double base = b == null ? null : s.number(b.visits().get(0), b.form(), b.field()).orElse(null);
                for (Visit v : protocol.visits()) {
                    Optional<Double> gel = s.number(v.id(), response.form(), response.field());
                    if (gel.isEmpty()) {
                        continue;
                    }
                    boolean baseline = b != null && b.visits().get(0).equals(v.id());
                    Integer visitNumber = timeline.visitNumber(v.id());
                    write(out, gelRow(adgel, timeline, s, unblinded).set("PARAMCD", "GEL").set("PARAM", "Gd-enhancing lesions on one scan")
                            .set("AVAL", gel.get()).set("BASE", base).set("ABLFL", baseline ? "Y" : null)
                            .set("AVISIT", timeline.visitName(v.id())).set("AVISITN", (double) v.targetDay() / 7)
                            .set("FASFL", flag(fas, s)).set("SRCDOM", "NV").set("SRCVAR", "NVSTRESN")
                            .set("SRCSEQ", nvSeq.get(timeline.usubjid(s.id()) + "|" + visitNumber)));
                }
                List<Double> primary = response.visits().stream().map(v -> s.number(v, response.form(), response.field()))
                        .filter(Optional::isPresent).map(Optional::get).toList();
                if (primary.isEmpty()) {
                    continue;
                }
                String window = "WEEKS " + response.visits().stream().map(v -> Integer.toString(visitWeek(protocol, v)))
                        .reduce((x, y) -> x + ", " + y).orElse("");
                String analysed = fas.contains(s.id()) ? "Y" : null;
                write(out, gelRow(adgel, timeline, s, unblinded).set("PARAMCD", "GELSUM")
                        .set("PARAM", "Total Gd-enhancing lesions over the primary scans").set("AVAL", primary.stream().mapToDouble(x -> x).sum())
                        .set("BASE", base).set("AVISIT", window).set("FASFL", flag(fas, s)).set("ANL01FL", analysed));
                write(out, gelRow(adgel, timeline, s, unblinded).set("PARAMCD", "GELSCAN").set("PARAM", "Number of primary scans done")
                        .set("AVAL", (double) primary.size()).set("BASE", base).set("AVISIT", window).set("FASFL", flag(fas, s))
                        .set("ANL01FL", analysed));
            }
            rows.put("ADGEL", out.rows());
        }
        Path define = dir.resolve("define.xml");
        DefineXml.write(define, new DefineXml.Description(timeline.studyId(), timeline.studyId(), protocol.title(),
                protocol.id() + " " + protocol.version(), STANDARD, VERSION, "Analysis", created, "Harmonia",
                HarmoniaVersion.current(), format.extension()), List.of(adsl, adgel), List.of(
                Codelist.of(Terminology.NY, "No Yes Response", true, "N", "Y"),
                Codelist.of(Terminology.SEX, "Sex", true, "F", "M", "U"),
                Codelist.of(Terminology.AGEU, "Age Unit", true, "YEARS"),
                new Codelist("CL.PARAMCD", "Parameter codes of ADGEL", false, List.of(
                        new Codelist.Term("GEL", "Gd-enhancing lesions on one scan"),
                        new Codelist.Term("GELSUM", "Total Gd-enhancing lesions over the primary scans"),
                        new Codelist.Term("GELSCAN", "Number of primary scans done")))));
        Path script = dir.resolve(SCRIPT);
        Files.writeString(script, RScript.primary(protocol, spec, format, unblinded, snapshot.describe()), StandardCharsets.UTF_8);
        return new Result(rows, define, script, unblinded);
    }

    private static int visitWeek(Protocol protocol, String visitId) {
        return protocol.visits().stream().filter(v -> v.id().equals(visitId)).findFirst().map(v -> v.targetDay() / 7).orElse(0);
    }

    private static Domain.Row gelRow(Domain adgel, StudyTimeline timeline, SubjectData s, boolean unblinded) {
        Domain.Row r = adgel.row().set("STUDYID", timeline.studyId()).set("USUBJID", timeline.usubjid(s.id())).set("SUBTRIAL", s.subTrialId());
        if (unblinded) {
            r.set("TRTSEQP", s.sequenceId());
        }
        return r;
    }

    static Domain adsl(boolean unblinded) {
        List<Column> c = new ArrayList<>();
        c.add(Column.predecessor(text("STUDYID", "Study Identifier", 20), "DM.STUDYID"));
        c.add(Column.predecessor(text("USUBJID", "Unique Subject Identifier", 40), "DM.USUBJID"));
        c.add(Column.predecessor(text("SUBJID", "Subject Identifier for the Study", 20), "DM.SUBJID"));
        c.add(Column.predecessor(text("SITEID", "Study Site Identifier", 10), "DM.SITEID"));
        c.add(Column.collected(text("SUBTRIAL", "National Sub-trial", 20)));
        c.add(Column.predecessor(text("COUNTRY", "Country", 3), "DM.COUNTRY"));
        c.add(Column.predecessor(integer("AGE", "Age"), "DM.AGE"));
        c.add(Column.predecessor(text("AGEU", "Age Units", 10), "DM.AGEU"));
        c.add(Column.predecessor(text("SEX", "Sex", 1), "DM.SEX"));
        c.add(Column.collected(text("MSTYPE", "MS Phenotype at Screening", 4)));
        c.add(Column.derived(number("DURDIS", "Disease Duration at Screening (years)"), "Whole years from MS onset to the screening date"));
        c.add(Column.collected(number("EDSSBL", "EDSS at Screening")));
        c.add(Column.collected(number("RELAP12", "Relapses in the Last 12 Months")));
        c.add(Column.predecessor(number("GELBL", "Baseline Gd-Enhancing Lesions"), "NV.NVSTRESN where NVTESTCD = GDLESN at the baseline visit"));
        c.add(Column.derived(text("RANDFL", "Randomized Population Flag", 1), Terminology.NY, "Y when randomised (analysis set RAN)"));
        c.add(Column.derived(text("SAFFL", "Safety Population Flag", 1), Terminology.NY, "Y when treated (analysis set SAF)"));
        c.add(Column.derived(text("FASFL", "Full Analysis Set Population Flag", 1), Terminology.NY,
                "Y when randomised, treated, with a baseline MRI and at least one primary MRI (analysis set FAS)"));
        c.add(Column.derived(text("PPROTFL", "Per-Protocol Population Flag", 1), Terminology.NY,
                "Y when infused in both periods with a baseline and all primary MRIs (analysis set PP)"));
        if (unblinded) {
            c.add(Column.predecessor(text("TRTSEQP", "Planned Sequence of Treatments", 20), "The randomised sequence (DM.ARMCD)"));
            c.add(Column.derived(text("TRT01P", "Planned Treatment for Period 01", 40), "The sequence's arm in period 1"));
            c.add(Column.derived(text("TRT02P", "Planned Treatment for Period 02", 40), "The sequence's arm in period 2"));
        }
        return new Domain("ADSL", "Subject-Level Analysis Dataset", "SUBJECT LEVEL ANALYSIS DATASET", "One record per subject", false, c,
                List.of("STUDYID", "USUBJID"));
    }

    static Domain adgel(boolean unblinded) {
        List<Column> c = new ArrayList<>();
        c.add(Column.predecessor(text("STUDYID", "Study Identifier", 20), "ADSL.STUDYID"));
        c.add(Column.predecessor(text("USUBJID", "Unique Subject Identifier", 40), "ADSL.USUBJID"));
        c.add(Column.predecessor(text("SUBTRIAL", "National Sub-trial", 20), "ADSL.SUBTRIAL"));
        if (unblinded) {
            c.add(Column.predecessor(text("TRTSEQP", "Planned Sequence of Treatments", 20), "ADSL.TRTSEQP"));
        }
        c.add(Column.assigned(text("PARAMCD", "Parameter Code", 8), "CL.PARAMCD"));
        c.add(Column.assigned(text("PARAM", "Parameter", 60)));
        c.add(Column.derived(number("AVAL", "Analysis Value"),
                "GEL: NV.NVSTRESN; GELSUM: the sum of GEL over the primary visits done; GELSCAN: the number of them"));
        c.add(Column.derived(number("BASE", "Baseline Value"), "AVAL of GEL at the baseline visit"));
        c.add(Column.derived(text("ABLFL", "Baseline Record Flag", 1), Terminology.NY, "Y on the baseline visit's GEL record"));
        c.add(Column.derived(text("AVISIT", "Analysis Visit", 40), "The visit of the scan; for GELSUM and GELSCAN the primary visits"));
        c.add(Column.derived(number("AVISITN", "Analysis Visit (N)"), "The visit's week"));
        c.add(Column.predecessor(text("FASFL", "Full Analysis Set Population Flag", 1), "ADSL.FASFL"));
        c.add(Column.derived(text("ANL01FL", "Primary Analysis Record Flag", 1), Terminology.NY,
                "Y on the GELSUM and GELSCAN records of subjects in the full analysis set: the primary model's data"));
        c.add(Column.assigned(text("SRCDOM", "Source Data", 8)));
        c.add(Column.assigned(text("SRCVAR", "Source Variable", 8)));
        c.add(Column.derived(integer("SRCSEQ", "Source Sequence Number"), "NV.NVSEQ of the NV record the value comes from"));
        return new Domain("ADGEL", "Gd-Enhancing Lesion Analysis Dataset", "BASIC DATA STRUCTURE",
                "One record per subject per parameter per analysis visit", false, c, List.of("STUDYID", "USUBJID", "PARAMCD", "AVISIT"));
    }

    /**
     * NVSEQ of each subject's GEL count by visit, numbered exactly as the SDTM export numbers them: the NV rows are
     * written again, into memory, by the same code.
     */
    private Map<String, Double> nvSequenceNumbers(StudyTimeline timeline) {
        Map<String, Double> seq = new HashMap<>();
        Domain nv = FindingsDomains.domains().stream().filter(d -> d.name().equals("NV")).findFirst().orElseThrow();
        Dataset set = nv.dataset();
        int usubjid = set.indexOf("USUBJID");
        int testcd = set.indexOf("NVTESTCD");
        int visitnum = set.indexOf("VISITNUM");
        int nvseq = set.indexOf("NVSEQ");
        DatasetWriter collect = new DatasetWriter() {
            long rows;

            @Override
            public void row(Object... v) {
                rows++;
                if ("GDLESN".equals(v[testcd]) && v[visitnum] != null) {
                    seq.put(v[usubjid] + "|" + ((Double) v[visitnum]).intValue(), ((Number) v[nvseq]).doubleValue());
                }
            }

            @Override
            public long rows() {
                return rows;
            }

            @Override
            public void close() {
            }
        };
        new FindingsDomains(timeline, json).write(nv, collect, SdtmExport.streaming(dataSource));
        return seq;
    }

    private static Set<String> ids(List<SubjectData> subjects) {
        Set<String> out = new HashSet<>();
        subjects.forEach(s -> out.add(s.id()));
        return out;
    }

    private static String flag(Set<String> set, SubjectData s) {
        return set.contains(s.id()) ? "Y" : "N";
    }

    private static LocalDate toDate(String iso) {
        try {
            return iso == null || iso.isBlank() || iso.equals("never") ? null : LocalDate.parse(iso);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Double toNumber(String text) {
        return text == null || text.isBlank() ? null : Double.valueOf(text);
    }

    private static void write(DatasetWriter out, Domain.Row row) {
        try {
            out.row(row.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
