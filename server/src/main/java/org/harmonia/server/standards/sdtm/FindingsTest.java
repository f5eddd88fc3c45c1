package org.harmonia.server.standards.sdtm;

/**
 * One test of a findings domain and the form field it is collected in: test code and name, category, unit, and for
 * character results the mapping of the collected choices to standard results.
 */
record FindingsTest(String form, String field, String testCode, String test, String category, String unit,
                    java.util.Map<String, String> standardResults) {
    FindingsTest {
        if (testCode.length() > 8 || !testCode.matches("[A-Z][A-Z0-9]*")) {
            throw new IllegalArgumentException("test code " + testCode + ": at most 8 upper-case letters or digits");
        }
        if (test.length() > 40) {
            throw new IllegalArgumentException("test name " + test + ": at most 40 characters");
        }
        standardResults = standardResults == null ? java.util.Map.of() : java.util.Map.copyOf(standardResults);
    }

    static FindingsTest numeric(String form, String field, String code, String test, String category, String unit) {
        return new FindingsTest(form, field, code, test, category, unit, null);
    }

    boolean character() {
        return !standardResults.isEmpty();
    }
}
