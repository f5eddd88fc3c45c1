package org.harmonia.server.standards.usdm;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.harmonia.trial.eligibility.CriterionKind;
import org.harmonia.trial.protocol.DesignType;
import org.harmonia.trial.protocol.EpochType;
import org.harmonia.trial.protocol.Level;
import org.harmonia.trial.protocol.Masking;

/**
 * The one place where Harmonia's protocol vocabulary meets USDM 4's: the coded values both ways, the extension
 * attributes that carry what USDM has no attribute for, and the id prefixes. The export and the import both read it,
 * and docs/standards.md prints it.
 *
 * <p>Codes are CDISC Controlled Terminology C-codes where a published USDM 4 example uses them (the CDISC pilot study
 * of DDF-RA, CT 2024-09-27); a value with no such code is written as Harmonia's own term under the code system
 * {@value #HARMONIA}, so nothing is given a C-code that was not checked.
 */
public final class UsdmMapping {
    private UsdmMapping() {
    }

    public static final String USDM_VERSION = "4.0.0";
    public static final String CDISC = "http://www.cdisc.org";
    public static final String CDISC_VERSION = "2024-09-27";
    public static final String HARMONIA = "Harmonia";

    /** A coded value: the code, its system and its decode. */
    public record Term(String code, String system, String decode) {
        static Term cdisc(String code, String decode) {
            return new Term(code, CDISC, decode);
        }

        static Term harmonia(String value) {
            return new Term(value, HARMONIA, value);
        }

        /** Whether a coded value read from a file is this term: the same code in the same system, or the same decode. */
        boolean matches(String code, String system, String decode) {
            return this.code.equals(code) && (system == null || this.system.equals(system))
                    || decode != null && this.decode.equalsIgnoreCase(decode.strip());
        }
    }

    // ---- codes (USDM attribute: Harmonia value → term)

    public static final Term INTERVENTIONAL = Term.cdisc("C98388", "Interventional Study");
    public static final Term VISIT = Term.cdisc("C25716", "Visit");
    public static final Term FIXED_REFERENCE = Term.cdisc("C201358", "Fixed Reference");
    public static final Term AFTER = Term.cdisc("C201356", "After");
    public static final Term BEFORE = Term.cdisc("C201357", "Before");
    public static final Term START_TO_START = Term.cdisc("C201355", "Start to Start");
    public static final Term DATA_GENERATED_WITHIN_STUDY = Term.cdisc("C188866", "Data Generated Within Study");
    public static final Term SPONSOR = Term.cdisc("C70793", "Clinical Study Sponsor");
    public static final Term REGISTRY = Term.cdisc("C93453", "Study Registry");
    public static final Term OFFICIAL_TITLE = Term.cdisc("C99905x2", "Official Study Title");
    public static final Term ACRONYM = Term.cdisc("C94108", "Study Acronym");

    /** {@code InterventionalStudyDesign.model} ← design.type. */
    public static Term model(DesignType type) {
        return switch (type) {
            case PARALLEL -> Term.cdisc("C82639", "Parallel Study");
            case CROSSOVER -> Term.harmonia("crossover");
            case SINGLE_ARM -> Term.harmonia("single-arm");
        };
    }

    public static Optional<DesignType> designType(String code, String system, String decode) {
        Optional<DesignType> coded = matching(DesignType.values(), UsdmMapping::model, code, system, decode);
        if (coded.isPresent()) {
            return coded;
        }
        String d = decode == null ? "" : decode.toLowerCase(Locale.ROOT);
        // other systems' wordings of the same models (ClinicalTrials.gov, CT decodes)
        if (d.contains("crossover") || d.contains("cross-over")) {
            return Optional.of(DesignType.CROSSOVER);
        }
        if (d.contains("single group") || d.contains("single arm") || d.contains("single-arm")) {
            return Optional.of(DesignType.SINGLE_ARM);
        }
        return Optional.empty();
    }

    /** {@code blindingSchema} ← design.masking. */
    public static Term blinding(Masking masking) {
        return switch (masking) {
            case DOUBLE -> Term.cdisc("C15228", "Double Blind Study");
            case NONE -> Term.harmonia("open label");
            case SINGLE -> Term.harmonia("single blind");
            case TRIPLE -> Term.harmonia("triple blind");
            case QUADRUPLE -> Term.harmonia("quadruple blind");
        };
    }

    public static Optional<Masking> masking(String code, String system, String decode) {
        Optional<Masking> coded = matching(Masking.values(), UsdmMapping::blinding, code, system, decode);
        if (coded.isPresent()) {
            return coded;
        }
        String d = decode == null ? "" : decode.toLowerCase(Locale.ROOT);
        if (d.contains("open")) {
            return Optional.of(Masking.NONE);
        }
        for (Masking m : List.of(Masking.QUADRUPLE, Masking.TRIPLE, Masking.DOUBLE, Masking.SINGLE)) {
            if (d.startsWith(m.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** {@code studyPhase} ← study.phase ("phase 2"); only phase 2 has a code checked in a published example. */
    public static Term phase(String phase) {
        String p = phase.strip().toLowerCase(Locale.ROOT);
        if (p.equals("phase 2") || p.equals("phase ii")) {
            return Term.cdisc("C15601", "Phase II Trial");
        }
        return Term.harmonia(phase.strip());
    }

    /** study.phase ← {@code studyPhase}: the decode in Harmonia's words ("Phase II Trial" → "phase 2"). */
    public static String phaseText(String decode) {
        String d = decode.strip();
        String roman = d.replaceAll("(?i)\\s*trial$", "");
        return switch (roman.toLowerCase(Locale.ROOT)) {
            case "phase i" -> "phase 1";
            case "phase ii" -> "phase 2";
            case "phase iii" -> "phase 3";
            case "phase iv" -> "phase 4";
            case "phase i/ii" -> "phase 1/2";
            case "phase ii/iii" -> "phase 2/3";
            default -> d;
        };
    }

    /** {@code StudyEpoch.type} ← epoch.type. */
    public static Term epochType(EpochType type) {
        return switch (type) {
            case SCREENING -> Term.cdisc("C202487", "Screening Epoch");
            case TREATMENT -> Term.cdisc("C101526", "Treatment Epoch");
            case FOLLOW_UP -> Term.cdisc("C202578", "Follow-Up Epoch");
            case RUN_IN -> Term.harmonia("run-in");
            case WASHOUT -> Term.harmonia("washout");
        };
    }

    public static Optional<EpochType> epochType(String code, String system, String decode) {
        Optional<EpochType> coded = matching(EpochType.values(), UsdmMapping::epochType, code, system, decode);
        if (coded.isPresent()) {
            return coded;
        }
        String d = decode == null ? "" : decode.toLowerCase(Locale.ROOT);
        if (d.contains("run-in") || d.contains("run in")) {
            return Optional.of(EpochType.RUN_IN);
        }
        if (d.contains("wash")) {
            return Optional.of(EpochType.WASHOUT);
        }
        if (d.contains("follow")) {
            return Optional.of(EpochType.FOLLOW_UP);
        }
        return Optional.empty();
    }

    /** {@code StudyArm.type} ← the types of the arms a sequence goes through (its most telling one). */
    public static Term armType(String harmoniaArmType) {
        String t = harmoniaArmType == null ? "" : harmoniaArmType.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "placebo comparator", "placebo" -> Term.cdisc("C174268", "Placebo Control Arm");
            case "active comparator" -> Term.cdisc("C174267", "Active Comparator Arm");
            default -> Term.harmonia(t.isEmpty() ? "experimental" : t);
        };
    }

    /** Harmonia's arm type ← {@code StudyArm.type}'s decode ("Placebo Control Arm" → "placebo comparator"). */
    public static String armTypeText(String code, String system, String decode) {
        if (armType("placebo comparator").matches(code, system, decode)) {
            return "placebo comparator";
        }
        if (armType("active comparator").matches(code, system, decode)) {
            return "active comparator";
        }
        return decode == null || decode.isBlank() ? "experimental" : decode.strip().toLowerCase(Locale.ROOT).replaceAll("\\s*arm$", "");
    }

    /** {@code EligibilityCriterion.category} ← kind. */
    public static Term category(CriterionKind kind) {
        return kind == CriterionKind.INCLUSION ? Term.cdisc("C25532", "Inclusion Criteria") : Term.cdisc("C25370", "Exclusion Criteria");
    }

    public static Optional<CriterionKind> criterionKind(String code, String system, String decode) {
        return matching(CriterionKind.values(), UsdmMapping::category, code, system, decode);
    }

    /** {@code Objective.level} ← objective level. */
    public static Term objectiveLevel(Level level) {
        return switch (level) {
            case PRIMARY -> Term.cdisc("C85826", "Primary Objective");
            case SECONDARY -> Term.cdisc("C85827", "Secondary Objective");
            case EXPLORATORY -> Term.cdisc("C163559", "Exploratory Objective");
        };
    }

    /** {@code Endpoint.level} ← endpoint level. */
    public static Term endpointLevel(Level level) {
        return switch (level) {
            case PRIMARY -> Term.cdisc("C94496", "Primary Endpoint");
            case SECONDARY -> Term.cdisc("C139173", "Secondary Endpoint");
            case EXPLORATORY -> Term.cdisc("C170559", "Exploratory Endpoint");
        };
    }

    /** A level from either an objective's or an endpoint's coded level. */
    public static Optional<Level> level(String code, String system, String decode) {
        for (Level l : Level.values()) {
            if (objectiveLevel(l).matches(code, system, decode) || endpointLevel(l).matches(code, system, decode)) {
                return Optional.of(l);
            }
        }
        String d = decode == null ? "" : decode.toLowerCase(Locale.ROOT);
        for (Level l : Level.values()) {
            if (d.startsWith(l.name().toLowerCase(Locale.ROOT))) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The first value whose term the coded value read from a file matches. */
    private static <E> Optional<E> matching(E[] values, Function<E, Term> term, String code, String system, String decode) {
        for (E v : values) {
            if (term.apply(v).matches(code, system, decode)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    // ---- extension attributes: what a Harmonia protocol says and USDM has no attribute for

    static final String EXTENSION = "https://harmonia.org/usdm/";
    /** Endpoint: its type (count, continuous, binary, ordinal, time-to-event). */
    public static final String ENDPOINT_TYPE = EXTENSION + "endpoint-type";
    /** Endpoint: where its data come from, {@code activity[.field][@visit,visit]}. */
    public static final String ENDPOINT_SOURCE = EXTENSION + "endpoint-source";
    /** Eligibility criterion item: the rule Harmonia evaluates. */
    public static final String CRITERION_RULE = EXTENSION + "criterion-rule";
    /** Eligibility criterion item: to whom the criterion applies (Harmonia's {@code when}). */
    public static final String CRITERION_WHEN = EXTENSION + "criterion-when";
    /** Activity: the eCRF form that records it. */
    public static final String ACTIVITY_FORM = EXTENSION + "activity-form";
    /** Study element: the Harmonia arm's type (experimental, placebo comparator...). */
    public static final String ARM_TYPE = EXTENSION + "arm-type";
    /** Study arm: the sequence's allocation ratio. */
    public static final String SEQUENCE_RATIO = EXTENSION + "allocation-ratio";
    /** Study design: randomised or not. */
    public static final String RANDOMISED = EXTENSION + "randomised";

    // ---- ids: USDM ids are Harmonia ids with the class as prefix; the USDM name is the Harmonia id

    static String id(String usdmClass, String harmoniaId) {
        return usdmClass + "_" + harmoniaId;
    }
}
