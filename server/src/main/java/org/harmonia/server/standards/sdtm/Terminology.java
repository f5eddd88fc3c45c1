package org.harmonia.server.standards.sdtm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.harmonia.trial.protocol.Protocol;

/**
 * The codelists of the export and the mapping of the values collected on Harmonia's forms to CDISC Controlled
 * Terminology submission values. Test codes are Harmonia's, chosen after the CDISC test names (see
 * docs/standards.md: they are not checked against a Controlled Terminology release), so their codelists are
 * marked as the sponsor's.
 */
public final class Terminology {
    public static final String NY = "CL.NY";
    public static final String SEX = "CL.SEX";
    public static final String AGEU = "CL.AGEU";
    public static final String ARMNRS = "CL.ARMNRS";
    public static final String EPOCH = "CL.EPOCH";
    public static final String SEV = "CL.AESEV";
    public static final String OUT = "CL.OUT";
    public static final String ACN = "CL.ACN";
    public static final String REL = "CL.AEREL";
    public static final String ROUTE = "CL.ROUTE";
    public static final String NRIND = "CL.NRIND";
    public static final String IECAT = "CL.IECAT";
    public static final String DSCAT = "CL.DSCAT";
    public static final String NCOMPLT = "CL.NCOMPLT";
    public static final String TSPARMCD = "CL.TSPARMCD";
    public static final String UNIT = "CL.UNIT";
    public static final String COUNTRY = "CL.COUNTRY";

    private Terminology() {
    }

    public static String yesNo(String collected) {
        if (collected == null || collected.isBlank()) {
            return null;
        }
        return switch (collected.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> "Y";
            case "no", "false" -> "N";
            default -> null;
        };
    }

    public static String sex(String collected) {
        return collected == null ? null : switch (collected) {
            case "female" -> "F";
            case "male" -> "M";
            default -> "U";
        };
    }

    public static String severity(String collected) {
        return collected == null ? null : collected.toUpperCase(Locale.ROOT);
    }

    public static String outcome(String collected) {
        return collected == null ? null : switch (collected) {
            case "recovered" -> "RECOVERED/RESOLVED";
            case "recovering" -> "RECOVERING/RESOLVING";
            case "not recovered" -> "NOT RECOVERED/NOT RESOLVED";
            case "recovered with sequelae" -> "RECOVERED/RESOLVED WITH SEQUELAE";
            case "fatal" -> "FATAL";
            default -> "UNKNOWN";
        };
    }

    public static String actionTaken(String collected) {
        return collected == null ? null : switch (collected) {
            case "none" -> "DOSE NOT CHANGED";
            case "infusion interrupted" -> "DRUG INTERRUPTED";
            case "infusion stopped" -> "DRUG WITHDRAWN";
            case "not applicable" -> "NOT APPLICABLE";
            default -> "UNKNOWN";
        };
    }

    /** The relationship to study treatment as collected, in upper case (the causality scale is the sponsor's). */
    public static String relatedness(String collected) {
        return collected == null ? null : collected.toUpperCase(Locale.ROOT);
    }

    public static String route(String collected) {
        return collected == null ? null : switch (collected) {
            case "oral" -> "ORAL";
            case "intravenous" -> "INTRAVENOUS";
            case "intramuscular" -> "INTRAMUSCULAR";
            case "subcutaneous" -> "SUBCUTANEOUS";
            case "topical" -> "TOPICAL";
            case "inhaled" -> "RESPIRATORY (INHALATION)";
            case "intrathecal" -> "INTRATHECAL";
            default -> null;
        };
    }

    /** ISO 3166-1 alpha-3 of a country's English name, as DM.COUNTRY wants it. */
    public static String country(String name) {
        if (name == null) {
            return null;
        }
        for (String code : Locale.getISOCountries()) {
            Locale l = new Locale("", code);
            if (l.getDisplayCountry(Locale.ENGLISH).equalsIgnoreCase(name)) {
                return l.getISO3Country();
            }
        }
        return null;
    }

    /** The codelists every SDTM export uses, and those built from the protocol (test codes, units, countries). */
    public static List<Codelist> sdtm(Protocol protocol, List<FindingsTest> tests) {
        List<Codelist> lists = new ArrayList<>();
        lists.add(Codelist.of(NY, "No Yes Response", true, "N", "Y"));
        lists.add(Codelist.of(SEX, "Sex", true, "F", "M", "U"));
        lists.add(Codelist.of(AGEU, "Age Unit", true, "YEARS"));
        lists.add(Codelist.of(ARMNRS, "Arm Null Reason", true, "SCREEN FAILURE", "NOT ASSIGNED", "ASSIGNED, NOT TREATED"));
        StudyTimeline timeline = new StudyTimeline(protocol);
        lists.add(Codelist.of(EPOCH, "Epoch", true, protocol.epochs().stream().map(e -> timeline.epoch(e.id())).toArray(String[]::new)));
        lists.add(Codelist.of(SEV, "Severity/Intensity Scale for Adverse Events", true, "MILD", "MODERATE", "SEVERE"));
        lists.add(Codelist.of(OUT, "Outcome of Event", true, "RECOVERED/RESOLVED", "RECOVERING/RESOLVING", "NOT RECOVERED/NOT RESOLVED",
                "RECOVERED/RESOLVED WITH SEQUELAE", "FATAL", "UNKNOWN"));
        lists.add(Codelist.of(ACN, "Action Taken with Study Treatment", true, "DOSE NOT CHANGED", "DRUG INTERRUPTED", "DRUG WITHDRAWN",
                "NOT APPLICABLE", "UNKNOWN"));
        lists.add(Codelist.of(REL, "Relationship to Study Treatment (sponsor scale)", false, "NOT RELATED", "UNLIKELY", "POSSIBLE",
                "PROBABLE", "DEFINITE"));
        lists.add(Codelist.of(ROUTE, "Route of Administration", true, "ORAL", "INTRAVENOUS", "INTRAMUSCULAR", "SUBCUTANEOUS", "TOPICAL",
                "RESPIRATORY (INHALATION)", "INTRATHECAL"));
        lists.add(Codelist.of(NRIND, "Reference Range Indicator", true, "LOW", "NORMAL", "HIGH"));
        lists.add(Codelist.of(IECAT, "Category for Inclusion/Exclusion", true, "INCLUSION", "EXCLUSION"));
        lists.add(Codelist.of(DSCAT, "Category for Disposition Event", true, "DISPOSITION EVENT", "PROTOCOL MILESTONE"));
        lists.add(Codelist.of(NCOMPLT, "Completion/Reason for Non-Completion", true, "COMPLETED", "SCREEN FAILURE", "WITHDRAWAL BY SUBJECT",
                "ADVERSE EVENT", "LOST TO FOLLOW-UP", "OTHER", "INFORMED CONSENT OBTAINED", "RANDOMIZED"));
        lists.add(Codelist.of(TSPARMCD, "Trial Summary Parameter Test Code", true, TrialDesign.TS_PARAMETERS.keySet().toArray(String[]::new)));
        lists.add(Codelist.of(COUNTRY, "Country", true, protocol.subTrials().stream().map(s -> country(s.country()))
                .filter(java.util.Objects::nonNull).distinct().sorted().toArray(String[]::new)));
        Map<String, Map<String, String>> testCodes = new LinkedHashMap<>();
        List<String> units = new ArrayList<>();
        for (FindingsTest t : tests) {
            String domain = FindingsDomains.domainOf(t);
            testCodes.computeIfAbsent(domain, k -> new LinkedHashMap<>()).put(t.testCode(), t.test());
            if (t.unit() != null && !units.contains(t.unit())) {
                units.add(t.unit());
            }
        }
        testCodes.forEach((domain, codes) -> {
            lists.add(new Codelist("CL." + domain + "TESTCD", domain + " test codes", false,
                    codes.entrySet().stream().map(e -> new Codelist.Term(e.getKey(), e.getValue())).toList()));
        });
        lists.add(Codelist.of(UNIT, "Unit", false, units.toArray(String[]::new)));
        return lists;
    }
}
