package org.harmonia.server.standards.sdtm;

import static org.harmonia.server.standards.dataset.Variable.date;
import static org.harmonia.server.standards.dataset.Variable.integer;
import static org.harmonia.server.standards.dataset.Variable.number;
import static org.harmonia.server.standards.dataset.Variable.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.harmonia.server.standards.dataset.DatasetWriter;
import org.harmonia.trial.forms.FormDefinition;
import org.harmonia.trial.forms.FormField;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The findings domains of the MESEMS assessments: vital signs (VS, height from the MS history form included),
 * laboratory (LB), the EDSS with its functional systems (RS: SDTMIG 3.4 puts clinical classifications in the
 * Disease Response and Clin Classification domain, as the CDISC EDSS supplement does) and the brain MRI lesion counts
 * (NV, Nervous System Findings, which took over the MS user guide's morphology findings in SDTMIG 3.3). One row per
 * test and form record, streamed from the database.
 */
final class FindingsDomains {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };

    static final List<FindingsTest> TESTS = List.of(
            FindingsTest.numeric("vital_signs", "systolic_bp", "SYSBP", "Systolic Blood Pressure", null, "mmHg"),
            FindingsTest.numeric("vital_signs", "diastolic_bp", "DIABP", "Diastolic Blood Pressure", null, "mmHg"),
            FindingsTest.numeric("vital_signs", "heart_rate", "HR", "Heart Rate", null, "beats/min"),
            FindingsTest.numeric("vital_signs", "temperature", "TEMP", "Temperature", null, "C"),
            FindingsTest.numeric("vital_signs", "respiratory_rate", "RESP", "Respiratory Rate", null, "breaths/min"),
            FindingsTest.numeric("vital_signs", "weight", "WEIGHT", "Weight", null, "kg"),
            FindingsTest.numeric("ms_history", "height_cm", "HEIGHT", "Height", null, "cm"),
            FindingsTest.numeric("laboratory", "haemoglobin", "HGB", "Hemoglobin", "HEMATOLOGY", "g/dL"),
            FindingsTest.numeric("laboratory", "wbc", "WBC", "Leukocytes", "HEMATOLOGY", "10^9/L"),
            FindingsTest.numeric("laboratory", "neutrophils", "NEUT", "Neutrophils", "HEMATOLOGY", "10^9/L"),
            FindingsTest.numeric("laboratory", "lymphocytes", "LYM", "Lymphocytes", "HEMATOLOGY", "10^9/L"),
            FindingsTest.numeric("laboratory", "platelets", "PLAT", "Platelets", "HEMATOLOGY", "10^9/L"),
            FindingsTest.numeric("laboratory", "creatinine", "CREAT", "Creatinine", "CHEMISTRY", "umol/L"),
            FindingsTest.numeric("laboratory", "egfr", "EGFR", "Glomerular Filtration Rate, Estimated", "CHEMISTRY", "mL/min/1.73m2"),
            FindingsTest.numeric("laboratory", "alt", "ALT", "Alanine Aminotransferase", "CHEMISTRY", "U/L"),
            FindingsTest.numeric("laboratory", "ast", "AST", "Aspartate Aminotransferase", "CHEMISTRY", "U/L"),
            FindingsTest.numeric("laboratory", "bilirubin", "BILI", "Bilirubin", "CHEMISTRY", "umol/L"),
            FindingsTest.numeric("laboratory", "crp", "CRP", "C Reactive Protein", "CHEMISTRY", "mg/L"),
            new FindingsTest("laboratory", "pregnancy_test", "HCG", "Choriogonadotropin Beta", "PREGNANCY TEST", null,
                    Map.of("negative", "NEGATIVE", "positive", "POSITIVE")),
            FindingsTest.numeric("edss", "edss", "EDSS", "EDSS Score", "EDSS", null),
            FindingsTest.numeric("edss", "fs_pyramidal", "FSPYRAM", "Pyramidal Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_cerebellar", "FSCEREBL", "Cerebellar Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_brainstem", "FSBRSTEM", "Brainstem Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_sensory", "FSSENSRY", "Sensory Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_bowel_bladder", "FSBOWBLD", "Bowel and Bladder Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_visual", "FSVISUAL", "Visual Functions", "EDSS", null),
            FindingsTest.numeric("edss", "fs_cerebral", "FSCEREBR", "Cerebral Functions", "EDSS", null),
            FindingsTest.numeric("edss", "ambulation_metres", "AMBDIST", "Unaided Walking Distance", "EDSS", "m"),
            FindingsTest.numeric("mri", "gel_count", "GDLESN", "Number of Gd-Enhancing T1 Lesions", "BRAIN MRI", null),
            FindingsTest.numeric("mri", "new_enlarging_t2_count", "NET2LESN", "Number of New or Enlarging T2 Lesions", "BRAIN MRI", null));

    /** The date field of each form (the visit's date where the form has none). */
    private static final Map<String, String> DATE_FIELDS = Map.of("laboratory", "sample_date", "edss", "assessment_date", "mri", "scan_date");

    private final StudyTimeline timeline;
    private final JsonMapper json;

    FindingsDomains(StudyTimeline timeline, JsonMapper json) {
        this.timeline = timeline;
        this.json = json;
    }

    static String domainOf(FindingsTest t) {
        return switch (t.form()) {
            case "vital_signs", "ms_history" -> "VS";
            case "laboratory" -> "LB";
            case "edss" -> "RS";
            case "mri" -> "NV";
            default -> throw new IllegalArgumentException("no findings domain for the form " + t.form());
        };
    }

    static List<Domain> domains() {
        return List.of(domain("VS", "Vital Signs", false, false, false), domain("LB", "Laboratory Test Results", true, true, false),
                domain("RS", "Disease Response and Clin Classification", false, false, false),
                domain("NV", "Nervous System Findings", false, false, true));
    }

    private static Domain domain(String d, String label, boolean ranges, boolean specimen, boolean method) {
        List<Column> c = new ArrayList<>();
        c.add(Column.assigned(text("STUDYID", "Study Identifier", 20)));
        c.add(Column.assigned(text("DOMAIN", "Domain Abbreviation", 2)));
        c.add(Column.derived(text("USUBJID", "Unique Subject Identifier", 40), "STUDYID, a hyphen and the subject's id"));
        c.add(Column.derived(integer(d + "SEQ", "Sequence Number"), "Numbers the subject's rows of the domain from 1, in date order"));
        c.add(Column.assigned(text(d + "TESTCD", testCodeLabel(d), 8), "CL." + d + "TESTCD"));
        c.add(Column.assigned(text(d + "TEST", testLabel(d), 40)));
        c.add(Column.assigned(text(d + "CAT", "Category for " + shortName(d), 40)));
        c.add(Column.collected(text(d + "ORRES", "Result or Finding in Original Units", 40)));
        c.add(Column.assigned(text(d + "ORRESU", "Original Units", 20), Terminology.UNIT));
        if (ranges) {
            c.add(Column.protocol(text(d + "ORNRLO", "Reference Range Lower Limit in Orig Unit", 20)));
            c.add(Column.protocol(text(d + "ORNRHI", "Reference Range Upper Limit in Orig Unit", 20)));
        }
        c.add(Column.derived(text(d + "STRESC", "Character Result/Finding in Std Format", 40), d + "ORRES, or its standard term"));
        c.add(Column.derived(number(d + "STRESN", "Numeric Result/Finding in Standard Units"), d + "STRESC as a number"));
        c.add(Column.assigned(text(d + "STRESU", "Standard Units", 20), Terminology.UNIT));
        if (ranges) {
            c.add(Column.derived(text(d + "NRIND", "Reference Range Indicator", 8), Terminology.NRIND,
                    "LOW below the protocol's normal range, HIGH above it, else NORMAL"));
            c.add(Column.assigned(text(d + "SPEC", "Specimen Type", 20)));
        }
        if (method) {
            c.add(Column.assigned(text(d + "LOC", "Location Used for the Measurement", 20)));
            c.add(Column.assigned(text(d + "METHOD", "Method of Test or Examination", 20)));
        }
        c.add(Column.derived(number("VISITNUM", "Visit Number"), "The visit's place in the protocol's schedule"));
        c.add(Column.derived(text("VISIT", "Visit Name", 40), "The visit's label in the protocol"));
        c.add(Column.derived(text("EPOCH", "Epoch", 20), Terminology.EPOCH, "The epoch of the visit in the protocol"));
        c.add(Column.collected(date(d + "DTC", "Date/Time of " + shortName(d))));
        c.add(Column.derived(integer(d + "DY", "Study Day of " + shortName(d)), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain(d, label, "FINDINGS", "One record per test per visit per subject", false, c,
                List.of("STUDYID", "USUBJID", d + "TESTCD", "VISITNUM"));
    }

    private static String shortName(String d) {
        return switch (d) {
            case "VS" -> "Measurements";
            case "LB" -> "Specimen Collection";
            case "RS" -> "Assessment";
            default -> "Test";
        };
    }

    private static String testCodeLabel(String d) {
        return switch (d) {
            case "VS" -> "Vital Signs Test Short Name";
            case "LB" -> "Lab Test or Examination Short Name";
            case "RS" -> "Assessment Short Name";
            default -> "Short Name of Nervous System Test";
        };
    }

    private static String testLabel(String d) {
        return switch (d) {
            case "VS" -> "Vital Signs Test Name";
            case "LB" -> "Lab Test or Examination Name";
            case "RS" -> "Assessment Name";
            default -> "Name of Nervous System Test";
        };
    }

    /** Streams the domain's rows: the forms' records ordered by subject and date, one row per test recorded. */
    long write(Domain domain, DatasetWriter out, JdbcClient jdbc) {
        List<FindingsTest> tests = TESTS.stream().filter(t -> domainOf(t).equals(domain.name())).toList();
        String[] forms = tests.stream().map(FindingsTest::form).distinct().toArray(String[]::new);
        String d = domain.name();
        long[] seq = {0};
        String[] lastSubject = {null};
        jdbc.sql("""
                select f.subject_id, f.visit_id, f.form_id, f.data::text as data, v.visit_date, s.day_zero
                from form_record f
                join subject s on s.study_id = f.study_id and s.id = f.subject_id
                left join visit_record v on v.study_id = f.study_id and v.subject_id = f.subject_id and v.visit_id = f.visit_id
                where f.study_id = ? and f.form_id = any(?) and not f.voided
                order by f.subject_id, v.visit_date nulls last, f.id
                """).param(timeline.protocol().id()).param(forms).query(rs -> {
                    String subject = rs.getString("subject_id");
                    if (!subject.equals(lastSubject[0])) {
                        lastSubject[0] = subject;
                        seq[0] = 0;
                    }
                    String form = rs.getString("form_id");
                    String visit = rs.getString("visit_id");
                    Map<String, String> values = json.readValue(rs.getString("data"), TEXT_MAP);
                    LocalDate visitDate = rs.getObject("visit_date", LocalDate.class);
                    String dateField = DATE_FIELDS.get(form);
                    LocalDate when = dateField != null && values.get(dateField) != null ? LocalDate.parse(values.get(dateField)) : visitDate;
                    LocalDate dayZero = rs.getObject("day_zero", LocalDate.class);
                    for (FindingsTest t : tests) {
                        String result = t.form().equals(form) ? values.get(t.field()) : null;
                        if (result == null || result.isBlank() || t.character() && !t.standardResults().containsKey(result)) {
                            continue;
                        }
                        Domain.Row row = domain.row()
                                .set("STUDYID", timeline.studyId()).set("DOMAIN", d).set("USUBJID", timeline.usubjid(subject))
                                .set(d + "SEQ", ++seq[0]).set(d + "TESTCD", t.testCode()).set(d + "TEST", t.test())
                                .set(d + "CAT", t.category()).set(d + "ORRES", result).set(d + "ORRESU", t.unit())
                                .set(d + "STRESU", t.unit())
                                .set("VISITNUM", timeline.visitNumber(visit) == null ? null : timeline.visitNumber(visit).doubleValue())
                                .set("VISIT", timeline.visitName(visit)).set("EPOCH", timeline.epochOfVisit(visit))
                                .set(d + "DTC", when == null ? null : when.toString())
                                .set(d + "DY", StudyTimeline.studyDay(when, dayZero));
                        if (t.character()) {
                            row.set(d + "STRESC", t.standardResults().get(result));
                        } else {
                            BigDecimal x = new BigDecimal(result);
                            row.set(d + "STRESC", x.stripTrailingZeros().toPlainString()).set(d + "STRESN", x.doubleValue());
                            if (row.has(d + "NRIND")) {
                                FormField f = field(t);
                                if (f != null && f.normalLow() != null && f.normalHigh() != null) {
                                    row.set(d + "ORNRLO", f.normalLow().toPlainString()).set(d + "ORNRHI", f.normalHigh().toPlainString())
                                            .set(d + "NRIND", x.compareTo(f.normalLow()) < 0 ? "LOW"
                                                    : x.compareTo(f.normalHigh()) > 0 ? "HIGH" : "NORMAL");
                                }
                            }
                        }
                        if (row.has(d + "SPEC")) {
                            row.set(d + "SPEC", t.category() != null && t.category().equals("PREGNANCY TEST") ? null : "BLOOD");
                        }
                        if (row.has(d + "METHOD")) {
                            row.set(d + "LOC", "BRAIN").set(d + "METHOD", "MRI");
                        }
                        try {
                            out.row(row.values());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
        return out.rows();
    }

    private FormField field(FindingsTest t) {
        Protocol p = timeline.protocol();
        return p.forms().stream().filter(f -> f.id().equals(t.form())).map(FormDefinition::fields).flatMap(List::stream)
                .filter(f -> f.variable().name().equals(t.field())).findFirst().orElse(null);
    }
}
