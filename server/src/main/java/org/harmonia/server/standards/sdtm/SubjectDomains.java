package org.harmonia.server.standards.sdtm;

import static org.harmonia.server.standards.dataset.Variable.date;
import static org.harmonia.server.standards.dataset.Variable.integer;
import static org.harmonia.server.standards.dataset.Variable.number;
import static org.harmonia.server.standards.dataset.Variable.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.server.standards.dataset.DatasetWriter;
import org.harmonia.trial.protocol.Arm;
import org.harmonia.trial.protocol.Sequence;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subject-level domains: demographics (DM), disposition (DS), subject visits (SV), exposure (EX), adverse events
 * (AE), concomitant medications (CM) and MS relapses as clinical events (CE), each streamed from the database in
 * subject order. Allocations are read only for an unblinded export: a blinded DM has no ARMCD, ARM, ACTARMCD or ACTARM
 * and a blinded EX names the treatment as blinded.
 */
final class SubjectDomains {
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() { };
    static final String TREATMENT_FORM = "treatment_administration";
    static final String BLINDED_TREATMENT = "MSC OR PLACEBO (BLINDED)";

    private final StudyTimeline timeline;
    private final JsonMapper json;
    private final boolean unblinded;

    SubjectDomains(StudyTimeline timeline, JsonMapper json, boolean unblinded) {
        this.timeline = timeline;
        this.json = json;
        this.unblinded = unblinded;
    }

    private static List<Column> identifiers(String d, boolean seq) {
        List<Column> c = new ArrayList<>();
        c.add(Column.assigned(text("STUDYID", "Study Identifier", 20)));
        c.add(Column.assigned(text("DOMAIN", "Domain Abbreviation", 2)));
        c.add(Column.derived(text("USUBJID", "Unique Subject Identifier", 40), "STUDYID, a hyphen and the subject's id"));
        if (seq) {
            c.add(Column.derived(integer(d + "SEQ", "Sequence Number"), "Numbers the subject's rows of the domain from 1, in date order"));
        }
        return c;
    }

    private static List<Column> timing(String d, String what) {
        return List.of(
                Column.derived(number("VISITNUM", "Visit Number"), "The visit's place in the protocol's schedule"),
                Column.derived(text("VISIT", "Visit Name", 40), "The visit's label in the protocol"),
                Column.derived(text("EPOCH", "Epoch", 20), Terminology.EPOCH, "The epoch of the visit in the protocol"));
    }

    Domain dm() {
        List<Column> c = identifiers("DM", false);
        c.add(Column.collected(text("SUBJID", "Subject Identifier for the Study", 20)));
        c.add(Column.derived(date("RFSTDTC", "Subject Reference Start Date/Time"), "Day 0 of the subject's schedule (the first study infusion)"));
        c.add(Column.derived(date("RFENDTC", "Subject Reference End Date/Time"), "The date the subject completed or left the study"));
        c.add(Column.derived(date("RFXSTDTC", "Date/Time of First Study Treatment"), "The earliest EX.EXSTDTC"));
        c.add(Column.derived(date("RFXENDTC", "Date/Time of Last Study Treatment"), "The latest EX.EXSTDTC"));
        c.add(Column.collected(date("RFICDTC", "Date/Time of Informed Consent")));
        c.add(Column.derived(date("RFPENDTC", "Date/Time of End of Participation"), "The end of study date, else the last visit or screening date"));
        c.add(Column.derived(date("DTHDTC", "Date/Time of Death"), "The end (else onset) date of an adverse event with outcome fatal"));
        c.add(Column.derived(text("DTHFL", "Subject Death Flag", 1), Terminology.NY, "Y when an adverse event has the outcome fatal"));
        c.add(Column.collected(text("SITEID", "Study Site Identifier", 10)));
        c.add(Column.collected(date("BRTHDTC", "Date/Time of Birth")));
        c.add(Column.derived(integer("AGE", "Age"), "Whole years from BRTHDTC to the screening date"));
        c.add(Column.assigned(text("AGEU", "Age Units", 10), Terminology.AGEU));
        c.add(Column.collected(text("SEX", "Sex", 1), Terminology.SEX));
        if (unblinded) {
            c.add(Column.derived(text("ARMCD", "Planned Arm Code", 20), "The randomised sequence (TA.ARMCD)"));
            c.add(Column.derived(text("ARM", "Description of Planned Arm", 40), "The randomised sequence's label"));
            c.add(Column.derived(text("ACTARMCD", "Actual Arm Code", 20),
                    "ARMCD when treated in every period; the first period's element code when treated in it only"));
            c.add(Column.derived(text("ACTARM", "Description of Actual Arm", 40), "The label of ACTARMCD"));
        }
        c.add(Column.derived(text("ARMNRS", "Reason Arm and/or Actual Arm is Null", 40), Terminology.ARMNRS,
                "SCREEN FAILURE, NOT ASSIGNED (not randomised) or ASSIGNED, NOT TREATED"));
        c.add(Column.derived(text("COUNTRY", "Country", 3), Terminology.COUNTRY, "ISO 3166-1 alpha-3 code of the sub-trial's country"));
        c.add(Column.collected(date("DMDTC", "Date/Time of Collection")));
        c.add(Column.derived(integer("DMDY", "Study Day of Collection"), "Days from RFSTDTC, day 1 being that date"));
        return new Domain("DM", "Demographics", "SPECIAL PURPOSE", "One record per subject", false, c, List.of("STUDYID", "USUBJID"));
    }

    long writeDm(Domain dm, DatasetWriter out, JdbcClient jdbc) {
        String allocation = unblinded
                ? "(select a.sequence_id from allocation a where a.study_id = s.study_id and a.subject_id = s.id)"
                : "null";
        jdbc.sql("""
                select s.id, s.site_id, s.status, s.screening_date, s.consent_date, s.day_zero, s.end_date,
                    s.screening_data ->> 'date_of_birth' as birth, s.screening_data ->> 'sex' as sex, t.country,
                    exists (select 1 from allocation a where a.study_id = s.study_id and a.subject_id = s.id) as randomised,
                    %s as sequence_id,
                    (select min(f.data ->> 'administration_date') from form_record f where f.study_id = s.study_id
                        and f.subject_id = s.id and f.form_id = '%s' and not f.voided) as first_dose,
                    (select max(f.data ->> 'administration_date') from form_record f where f.study_id = s.study_id
                        and f.subject_id = s.id and f.form_id = '%s' and not f.voided) as last_dose,
                    (select count(distinct f.visit_id) from form_record f where f.study_id = s.study_id
                        and f.subject_id = s.id and f.form_id = '%s' and not f.voided) as doses,
                    (select max(v.visit_date) from visit_record v where v.study_id = s.study_id and v.subject_id = s.id) as last_visit,
                    (select coalesce(f.data ->> 'end_date', f.data ->> 'onset_date') from form_record f where f.study_id = s.study_id
                        and f.subject_id = s.id and f.form_id = 'adverse_event' and not f.voided and f.data ->> 'outcome' = 'fatal'
                        order by f.id limit 1) as death
                from subject s join sub_trial t on t.study_id = s.study_id and t.id = s.sub_trial_id
                where s.study_id = ? order by s.id
                """.formatted(allocation, TREATMENT_FORM, TREATMENT_FORM, TREATMENT_FORM))
                .param(timeline.protocol().id()).query(rs -> {
                    String id = rs.getString("id");
                    LocalDate dayZero = rs.getObject("day_zero", LocalDate.class);
                    LocalDate screened = rs.getObject("screening_date", LocalDate.class);
                    LocalDate end = rs.getObject("end_date", LocalDate.class);
                    LocalDate lastVisit = rs.getObject("last_visit", LocalDate.class);
                    String birth = rs.getString("birth");
                    LocalDate born = birth == null || birth.isBlank() ? null : LocalDate.parse(birth);
                    String status = rs.getString("status");
                    boolean randomised = rs.getBoolean("randomised");
                    int doses = rs.getInt("doses");
                    String death = rs.getString("death");
                    Domain.Row row = dm.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "DM").set("USUBJID", timeline.usubjid(id))
                            .set("SUBJID", id).set("RFSTDTC", iso(dayZero)).set("RFENDTC", dayZero == null ? null : iso(end))
                            .set("RFXSTDTC", rs.getString("first_dose")).set("RFXENDTC", rs.getString("last_dose"))
                            .set("RFICDTC", iso(rs.getObject("consent_date", LocalDate.class)))
                            .set("RFPENDTC", iso(end != null ? end : lastVisit != null ? lastVisit : screened))
                            .set("DTHDTC", death).set("DTHFL", death == null ? null : "Y")
                            .set("SITEID", rs.getString("site_id")).set("BRTHDTC", birth)
                            .set("AGE", born == null || screened == null ? null : Period.between(born, screened).getYears())
                            .set("AGEU", born == null ? null : "YEARS").set("SEX", Terminology.sex(rs.getString("sex")))
                            .set("COUNTRY", Terminology.country(rs.getString("country")))
                            .set("DMDTC", iso(screened)).set("DMDY", StudyTimeline.studyDay(screened, dayZero));
                    if ("SCREEN_FAILED".equals(status)) {
                        row.set("ARMNRS", "SCREEN FAILURE");
                    } else if (!randomised) {
                        row.set("ARMNRS", "NOT ASSIGNED");
                    } else if (doses == 0) {
                        row.set("ARMNRS", "ASSIGNED, NOT TREATED");
                    }
                    if (unblinded && randomised) {
                        Sequence seq = timeline.sequence(rs.getString("sequence_id"));
                        row.set("ARMCD", StudyTimeline.armCode(seq)).set("ARM", seq.label());
                        if (doses >= seq.periods().size()) {
                            row.set("ACTARMCD", StudyTimeline.armCode(seq)).set("ACTARM", seq.label());
                        } else if (doses > 0) {
                            Arm first = timeline.armIn(seq, seq.periods().get(0).epochId());
                            row.set("ACTARMCD", StudyTimeline.elementCode(first)).set("ACTARM", first.label());
                        }
                    }
                    write(out, row);
                });
        return out.rows();
    }

    Domain ds() {
        List<Column> c = identifiers("DS", true);
        c.add(Column.collected(text("DSTERM", "Reported Term for the Disposition Event", 200)));
        c.add(Column.derived(text("DSDECOD", "Standardized Disposition Term", 40), Terminology.NCOMPLT,
                "The event's Controlled Terminology term; OTHER for a withdrawal whose reason names none"));
        c.add(Column.assigned(text("DSCAT", "Category for Disposition Event", 20), Terminology.DSCAT));
        c.add(Column.derived(text("EPOCH", "Epoch", 20), Terminology.EPOCH, "SCREENING before day 0, else the epoch of the date"));
        c.add(Column.collected(date("DSSTDTC", "Start Date/Time of Disposition Event")));
        c.add(Column.derived(integer("DSSTDY", "Study Day of Start of Disposition Event"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("DS", "Disposition", "EVENTS", "One record per disposition status or protocol milestone per subject", false, c,
                List.of("STUDYID", "USUBJID", "DSDECOD", "DSSTDTC"));
    }

    long writeDs(Domain ds, DatasetWriter out, JdbcClient jdbc) {
        jdbc.sql("""
                select s.id, s.status, s.screening_date, s.consent_date, s.day_zero, s.end_date, s.end_reason,
                    (select a.allocated_at::date from allocation a where a.study_id = s.study_id and a.subject_id = s.id) as randomised_on
                from subject s where s.study_id = ? order by s.id
                """).param(timeline.protocol().id()).query(rs -> {
                    String id = rs.getString("id");
                    LocalDate dayZero = rs.getObject("day_zero", LocalDate.class);
                    int[] seq = {0};
                    LocalDate consent = rs.getObject("consent_date", LocalDate.class);
                    if (consent != null) {
                        dsRow(ds, out, id, ++seq[0], "INFORMED CONSENT OBTAINED", "INFORMED CONSENT OBTAINED", "PROTOCOL MILESTONE", consent, dayZero);
                    }
                    LocalDate randomisedOn = rs.getObject("randomised_on", LocalDate.class);
                    if (randomisedOn != null) {
                        dsRow(ds, out, id, ++seq[0], "RANDOMIZED", "RANDOMIZED", "PROTOCOL MILESTONE", randomisedOn, dayZero);
                    }
                    String status = rs.getString("status");
                    LocalDate end = rs.getObject("end_date", LocalDate.class);
                    String reason = rs.getString("end_reason");
                    switch (status) {
                        case "SCREEN_FAILED" -> dsRow(ds, out, id, ++seq[0], "SCREEN FAILURE", "SCREEN FAILURE", "DISPOSITION EVENT",
                                rs.getObject("screening_date", LocalDate.class), dayZero);
                        case "COMPLETED" -> dsRow(ds, out, id, ++seq[0], "COMPLETED", "COMPLETED", "DISPOSITION EVENT", end, dayZero);
                        case "WITHDRAWN" -> dsRow(ds, out, id, ++seq[0], reason == null ? "WITHDRAWN" : reason, withdrawal(reason),
                                "DISPOSITION EVENT", end, dayZero);
                        default -> { }
                    }
                });
        return out.rows();
    }

    static String withdrawal(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("consent") || r.contains("withdr") && r.contains("subject")) {
            return "WITHDRAWAL BY SUBJECT";
        }
        if (r.contains("adverse")) {
            return "ADVERSE EVENT";
        }
        if (r.contains("lost")) {
            return "LOST TO FOLLOW-UP";
        }
        return "OTHER";
    }

    private void dsRow(Domain ds, DatasetWriter out, String id, int seq, String term, String decod, String cat, LocalDate date,
                       LocalDate dayZero) {
        write(out, ds.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "DS").set("USUBJID", timeline.usubjid(id))
                .set("DSSEQ", seq).set("DSTERM", clip(term, 200)).set("DSDECOD", decod).set("DSCAT", cat)
                .set("EPOCH", epochOfDate(date, dayZero)).set("DSSTDTC", iso(date)).set("DSSTDY", StudyTimeline.studyDay(date, dayZero)));
    }

    /** The epoch a date falls in: screening before day 0, else the last epoch whose first visit's target day it has reached. */
    String epochOfDate(LocalDate date, LocalDate dayZero) {
        if (date == null) {
            return null;
        }
        if (dayZero == null || date.isBefore(dayZero)) {
            return timeline.epochOfVisit(timeline.visits().get(0).id());
        }
        long day = java.time.temporal.ChronoUnit.DAYS.between(dayZero, date);
        String epoch = null;
        for (var v : timeline.visits()) {
            if (v.targetDay() >= 0 && v.targetDay() <= day) {
                epoch = timeline.epoch(v.epochId());
            }
        }
        return epoch;
    }

    Domain sv() {
        List<Column> c = identifiers("SV", false);
        c.addAll(timing("SV", "Visit").subList(0, 2));
        c.add(Column.derived(text("EPOCH", "Epoch", 20), Terminology.EPOCH, "The epoch of the visit in the protocol"));
        c.add(Column.assigned(text("SVPRESP", "Pre-specified", 1), Terminology.NY));
        c.add(Column.collected(text("SVOCCUR", "Occurrence", 1), Terminology.NY));
        c.add(Column.collected(text("SVREASOC", "Reason for Occur Value", 200)));
        c.add(Column.collected(date("SVSTDTC", "Start Date/Time of Observation")));
        c.add(Column.derived(date("SVENDTC", "End Date/Time of Observation"), "SVSTDTC (a visit lasts one day)"));
        c.add(Column.derived(integer("SVSTDY", "Study Day of Start of Observation"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("SV", "Subject Visits", "SPECIAL PURPOSE", "One record per actual or planned visit per subject", false, c,
                List.of("STUDYID", "USUBJID", "VISITNUM"));
    }

    long writeSv(Domain sv, DatasetWriter out, JdbcClient jdbc) {
        jdbc.sql("""
                select v.subject_id, v.visit_id, v.status, v.visit_date, v.note, s.day_zero
                from visit_record v join subject s on s.study_id = v.study_id and s.id = v.subject_id
                where v.study_id = ? order by v.subject_id, v.visit_date nulls last, v.visit_id
                """).param(timeline.protocol().id()).query(rs -> {
                    String visit = rs.getString("visit_id");
                    LocalDate date = rs.getObject("visit_date", LocalDate.class);
                    boolean done = "DONE".equals(rs.getString("status"));
                    Integer number = timeline.visitNumber(visit);
                    write(out, sv.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "SV")
                            .set("USUBJID", timeline.usubjid(rs.getString("subject_id")))
                            .set("VISITNUM", number == null ? null : number.doubleValue()).set("VISIT", timeline.visitName(visit))
                            .set("EPOCH", timeline.epochOfVisit(visit)).set("SVPRESP", "Y").set("SVOCCUR", done ? "Y" : "N")
                            .set("SVREASOC", done ? null : clip(rs.getString("note"), 200))
                            .set("SVSTDTC", done ? iso(date) : null).set("SVENDTC", done ? iso(date) : null)
                            .set("SVSTDY", done ? StudyTimeline.studyDay(date, rs.getObject("day_zero", LocalDate.class)) : null));
                });
        return out.rows();
    }

    Domain ex() {
        List<Column> c = identifiers("EX", true);
        c.add(unblinded
                ? Column.derived(text("EXTRT", "Name of Treatment", 100), "The arm of the randomised sequence in the infusion's epoch")
                : Column.assigned(text("EXTRT", "Name of Treatment", 100)));
        c.add(Column.collected(number("EXDOSE", "Dose")));
        c.add(Column.assigned(text("EXDOSU", "Dose Units", 20)));
        c.add(Column.assigned(text("EXDOSFRM", "Dose Form", 20)));
        c.add(Column.collected(text("EXROUTE", "Route of Administration", 40), Terminology.ROUTE));
        c.add(Column.collected(number("EXVOL", "Infused Volume")));
        c.add(Column.assigned(text("EXVOLU", "Infused Volume Units", 8)));
        c.addAll(timing("EX", "Treatment"));
        c.add(Column.collected(date("EXSTDTC", "Start Date/Time of Treatment")));
        c.add(Column.derived(date("EXENDTC", "End Date/Time of Treatment"), "EXSTDTC (an infusion is given on one day)"));
        c.add(Column.derived(integer("EXSTDY", "Study Day of Start of Treatment"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("EX", "Exposure", "INTERVENTIONS", "One record per infusion per subject", false, c,
                List.of("STUDYID", "USUBJID", "EXTRT", "EXSTDTC"));
    }

    long writeEx(Domain ex, DatasetWriter out, JdbcClient jdbc) {
        String allocation = unblinded
                ? "(select a.sequence_id from allocation a where a.study_id = s.study_id and a.subject_id = s.id)"
                : "null";
        forms(jdbc, TREATMENT_FORM, allocation, (rs, values, seq) -> {
            String visit = rs.getString("visit_id");
            LocalDate date = parseDate(values.get("administration_date"));
            String treatment = BLINDED_TREATMENT;
            if (unblinded) {
                Sequence s = timeline.sequence(rs.getString("sequence_id"));
                var visitDef = timeline.visits().stream().filter(v -> v.id().equals(visit)).findFirst().orElse(null);
                Arm arm = s == null || visitDef == null ? null : timeline.armIn(s, visitDef.epochId());
                treatment = arm == null ? null : armTreatment(arm);
            }
            String dose = values.get("dose_cells_per_kg");
            String volume = values.get("volume_ml");
            Integer number = timeline.visitNumber(visit);
            write(out, ex.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "EX").set("USUBJID", timeline.usubjid(rs.getString("subject_id")))
                    .set("EXSEQ", seq).set("EXTRT", treatment).set("EXDOSE", dose == null ? null : Double.valueOf(dose))
                    .set("EXDOSU", "cells/kg").set("EXDOSFRM", "SUSPENSION").set("EXROUTE", Terminology.route(values.get("route")))
                    .set("EXVOL", volume == null ? null : Double.valueOf(volume)).set("EXVOLU", volume == null ? null : "mL")
                    .set("VISITNUM", number == null ? null : number.doubleValue()).set("VISIT", timeline.visitName(visit))
                    .set("EPOCH", timeline.epochOfVisit(visit)).set("EXSTDTC", iso(date)).set("EXENDTC", iso(date))
                    .set("EXSTDY", StudyTimeline.studyDay(date, rs.getObject("day_zero", LocalDate.class))));
        });
        return out.rows();
    }

    private String armTreatment(Arm arm) {
        return timeline.protocol().interventions().stream().filter(i -> i.id().equals(arm.interventionId())).findFirst()
                .map(i -> clip(i.name().toUpperCase(Locale.ROOT), 100)).orElse(arm.label().toUpperCase(Locale.ROOT));
    }

    Domain ae() {
        List<Column> c = identifiers("AE", true);
        c.add(Column.collected(text("AETERM", "Reported Term for the Adverse Event", 200)));
        c.add(Column.derived(text("AEDECOD", "Dictionary-Derived Term", 200),
                "The verbatim term in upper case: Harmonia does not code to MedDRA preferred terms"));
        c.add(Column.collected(text("AEBODSYS", "Body System or Organ Class", 100)));
        c.add(Column.collected(text("AESOC", "Primary System Organ Class", 100)));
        c.add(Column.collected(text("AESEV", "Severity/Intensity", 10), Terminology.SEV));
        c.add(Column.collected(text("AESER", "Serious Event", 1), Terminology.NY));
        c.add(Column.collected(text("AEACN", "Action Taken with Study Treatment", 30), Terminology.ACN));
        c.add(Column.collected(text("AEREL", "Causality", 20), Terminology.REL));
        c.add(Column.collected(text("AEOUT", "Outcome of Adverse Event", 40), Terminology.OUT));
        for (String[] sc : new String[][] {{"AESCONG", "Congenital Anomaly or Birth Defect", "sc_congenital_anomaly"},
                {"AESDISAB", "Persist or Signif Disability/Incapacity", "sc_disability"}, {"AESDTH", "Results in Death", "sc_death"},
                {"AESHOSP", "Requires or Prolongs Hospitalization", "sc_hospitalisation"}, {"AESLIFE", "Is Life Threatening", "sc_life_threatening"},
                {"AESMIE", "Other Medically Important Serious Event", "sc_important_medical_event"}}) {
            c.add(Column.collected(text(sc[0], sc[1], 1), Terminology.NY));
        }
        c.add(Column.collected(integer("AETOXGR", "Standard Toxicity Grade")));
        c.addAll(timing("AE", "Event"));
        c.add(Column.collected(date("AESTDTC", "Start Date/Time of Adverse Event")));
        c.add(Column.collected(date("AEENDTC", "End Date/Time of Adverse Event")));
        c.add(Column.derived(integer("AESTDY", "Study Day of Start of Adverse Event"), "Days from DM.RFSTDTC, day 1 being that date"));
        c.add(Column.derived(integer("AEENDY", "Study Day of End of Adverse Event"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("AE", "Adverse Events", "EVENTS", "One record per adverse event per subject", false, c,
                List.of("STUDYID", "USUBJID", "AEDECOD", "AESTDTC"));
    }

    long writeAe(Domain ae, DatasetWriter out, JdbcClient jdbc) {
        forms(jdbc, "adverse_event", "null", (rs, v, seq) -> {
            String visit = rs.getString("visit_id");
            LocalDate dayZero = rs.getObject("day_zero", LocalDate.class);
            LocalDate start = parseDate(v.get("onset_date"));
            LocalDate end = parseDate(v.get("end_date"));
            Integer number = timeline.visitNumber(visit);
            String term = clip(v.get("verbatim_term"), 200);
            String grade = v.get("ctcae_grade");
            write(out, ae.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "AE").set("USUBJID", timeline.usubjid(rs.getString("subject_id")))
                    .set("AESEQ", seq).set("AETERM", term).set("AEDECOD", term == null ? null : term.toUpperCase(Locale.ROOT))
                    .set("AEBODSYS", v.get("soc")).set("AESOC", v.get("soc")).set("AESEV", Terminology.severity(v.get("severity")))
                    .set("AESER", Terminology.yesNo(v.get("serious"))).set("AEACN", Terminology.actionTaken(v.get("action_taken")))
                    .set("AEREL", Terminology.relatedness(v.get("relatedness"))).set("AEOUT", Terminology.outcome(v.get("outcome")))
                    .set("AESCONG", Terminology.yesNo(v.get("sc_congenital_anomaly"))).set("AESDISAB", Terminology.yesNo(v.get("sc_disability")))
                    .set("AESDTH", Terminology.yesNo(v.get("sc_death"))).set("AESHOSP", Terminology.yesNo(v.get("sc_hospitalisation")))
                    .set("AESLIFE", Terminology.yesNo(v.get("sc_life_threatening")))
                    .set("AESMIE", Terminology.yesNo(v.get("sc_important_medical_event")))
                    .set("AETOXGR", grade == null ? null : Integer.valueOf(grade))
                    .set("VISITNUM", number == null ? null : number.doubleValue()).set("VISIT", timeline.visitName(visit))
                    .set("EPOCH", epochOfDate(start, dayZero)).set("AESTDTC", iso(start)).set("AEENDTC", iso(end))
                    .set("AESTDY", StudyTimeline.studyDay(start, dayZero)).set("AEENDY", StudyTimeline.studyDay(end, dayZero)));
        });
        return out.rows();
    }

    Domain cm() {
        List<Column> c = identifiers("CM", true);
        c.add(Column.collected(text("CMTRT", "Reported Name of Drug, Med, or Therapy", 200)));
        c.add(Column.collected(text("CMINDC", "Indication", 200)));
        c.add(Column.collected(text("CMDOSTXT", "Dose Description", 200)));
        c.add(Column.collected(text("CMROUTE", "Route of Administration", 40), Terminology.ROUTE));
        c.addAll(timing("CM", "Medication"));
        c.add(Column.collected(date("CMSTDTC", "Start Date/Time of Medication")));
        c.add(Column.collected(date("CMENDTC", "End Date/Time of Medication")));
        c.add(Column.derived(text("CMENRTPT", "End Relative to Reference Time Point", 10), "ONGOING when the medication is marked ongoing"));
        c.add(Column.assigned(text("CMENTPT", "End Reference Time Point", 20)));
        c.add(Column.derived(integer("CMSTDY", "Study Day of Start of Medication"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("CM", "Concomitant/Concurrent Medications", "INTERVENTIONS", "One record per recorded medication per subject", false, c,
                List.of("STUDYID", "USUBJID", "CMTRT", "CMSTDTC"));
    }

    long writeCm(Domain cm, DatasetWriter out, JdbcClient jdbc) {
        forms(jdbc, "concomitant_medication", "null", (rs, v, seq) -> {
            String visit = rs.getString("visit_id");
            LocalDate start = parseDate(v.get("start_date"));
            boolean ongoing = "Y".equals(Terminology.yesNo(v.get("ongoing")));
            Integer number = timeline.visitNumber(visit);
            write(out, cm.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "CM").set("USUBJID", timeline.usubjid(rs.getString("subject_id")))
                    .set("CMSEQ", seq).set("CMTRT", clip(v.get("medication"), 200)).set("CMINDC", clip(v.get("indication"), 200))
                    .set("CMDOSTXT", clip(v.get("dose"), 200)).set("CMROUTE", Terminology.route(v.get("route")))
                    .set("VISITNUM", number == null ? null : number.doubleValue()).set("VISIT", timeline.visitName(visit))
                    .set("EPOCH", timeline.epochOfVisit(visit)).set("CMSTDTC", iso(start)).set("CMENDTC", v.get("end_date"))
                    .set("CMENRTPT", ongoing ? "ONGOING" : null).set("CMENTPT", ongoing ? "END OF STUDY" : null)
                    .set("CMSTDY", StudyTimeline.studyDay(start, rs.getObject("day_zero", LocalDate.class))));
        });
        return out.rows();
    }

    Domain ce() {
        List<Column> c = identifiers("CE", true);
        c.add(Column.assigned(text("CETERM", "Reported Term for the Clinical Event", 40)));
        c.add(Column.assigned(text("CEDECOD", "Dictionary-Derived Term", 40)));
        c.add(Column.assigned(text("CECAT", "Category for Clinical Event", 40)));
        c.add(Column.collected(text("CEPRESP", "Clinical Event Pre-specified", 1), Terminology.NY));
        c.add(Column.collected(text("CEOCCUR", "Clinical Event Occurrence", 1), Terminology.NY));
        c.addAll(timing("CE", "Event"));
        c.add(Column.collected(date("CESTDTC", "Start Date/Time of Clinical Event")));
        c.add(Column.derived(integer("CESTDY", "Study Day of Start of Event"), "Days from DM.RFSTDTC, day 1 being that date"));
        return new Domain("CE", "Clinical Events", "EVENTS", "One record per relapse assessment per subject", false, c,
                List.of("STUDYID", "USUBJID", "VISITNUM"));
    }

    long writeCe(Domain ce, DatasetWriter out, JdbcClient jdbc) {
        forms(jdbc, "relapse", "null", (rs, v, seq) -> {
            String visit = rs.getString("visit_id");
            LocalDate onset = parseDate(v.get("onset_date"));
            Integer number = timeline.visitNumber(visit);
            write(out, ce.row().set("STUDYID", timeline.studyId()).set("DOMAIN", "CE").set("USUBJID", timeline.usubjid(rs.getString("subject_id")))
                    .set("CESEQ", seq).set("CETERM", "MULTIPLE SCLEROSIS RELAPSE").set("CEDECOD", "MULTIPLE SCLEROSIS RELAPSE")
                    .set("CECAT", "MS RELAPSE").set("CEPRESP", "Y").set("CEOCCUR", Terminology.yesNo(v.get("relapse_since_last_visit")))
                    .set("VISITNUM", number == null ? null : number.doubleValue()).set("VISIT", timeline.visitName(visit))
                    .set("EPOCH", timeline.epochOfVisit(visit)).set("CESTDTC", iso(onset))
                    .set("CESTDY", StudyTimeline.studyDay(onset, rs.getObject("day_zero", LocalDate.class))));
        });
        return out.rows();
    }

    private interface FormRow {
        void accept(ResultSet rs, Map<String, String> values, int seq) throws SQLException;
    }

    /** Streams the live records of one form in subject and entry order, numbering each subject's records from 1. */
    private void forms(JdbcClient jdbc, String form, String sequenceSql, FormRow row) {
        String[] last = {null};
        int[] seq = {0};
        jdbc.sql("""
                select f.subject_id, f.visit_id, f.data::text as data, s.day_zero, %s as sequence_id
                from form_record f join subject s on s.study_id = f.study_id and s.id = f.subject_id
                where f.study_id = ? and f.form_id = ? and not f.voided
                order by f.subject_id, f.id
                """.formatted(sequenceSql)).param(timeline.protocol().id()).param(form).query(rs -> {
                    String subject = rs.getString("subject_id");
                    if (!subject.equals(last[0])) {
                        last[0] = subject;
                        seq[0] = 0;
                    }
                    row.accept(rs, json.readValue(rs.getString("data"), TEXT_MAP), ++seq[0]);
                });
    }

    private static void write(DatasetWriter out, Domain.Row row) {
        try {
            out.row(row.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalDate parseDate(String iso) {
        return iso == null || iso.isBlank() ? null : LocalDate.parse(iso);
    }

    private static String iso(LocalDate d) {
        return d == null ? null : d.toString();
    }

    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= max ? one : one.substring(0, max);
    }
}
