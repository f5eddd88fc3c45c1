package org.harmonia.server.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Makes any text printable with the PDF standard fonts (Helvetica, WinAnsi encoding), which cover Western
 * European letters only; writing anything else would make PDFBox throw in the middle of a report.
 *
 * <p>Characters WinAnsi has ("±", "µ", "–", "—", "×", "°", "²", "è", "ñ", "ß", curly quotes, "€") pass unchanged.
 * The others are mapped in this order:
 * <ol>
 *   <li>the table {@link #REPLACEMENTS}: comparison signs ("≥" → "&gt;=", "≤" → "&lt;=", "≠" → "!=", "≈" → "~"),
 *       the minus sign and other dashes → "-", arrows ("→" → "-&gt;"), Greek letters → their names ("α" → "alpha",
 *       "β" → "beta", "χ" → "chi"; Greek "μ" → "µ"), subscript digits → digits, special spaces → a space,
 *       zero-width characters and soft hyphens → nothing;</li>
 *   <li>superscript runs that WinAnsi cannot print become an exponent after a caret ("10⁶" → "10^6",
 *       "10⁻³" → "10^-3"); "¹", "²", "³" alone stay as they are;</li>
 *   <li>letters with diacritics WinAnsi lacks lose the diacritic ("ő" → "o", "ş" → "s", "ł" → "l");</li>
 *   <li>anything else (Cyrillic, CJK, emoji, control characters) becomes "?" (controls other than line breaks
 *       become nothing, tabs a space).</li>
 * </ol>
 */
final class WinAnsiText {

    /** Replacements for characters WinAnsi cannot encode; values are plain ASCII or WinAnsi. */
    static final Map<Integer, String> REPLACEMENTS = Map.ofEntries(
            Map.entry(0x2265, ">="), Map.entry(0x2264, "<="), Map.entry(0x2260, "!="), Map.entry(0x2248, "~"),
            Map.entry(0x223C, "~"), Map.entry(0x2261, "=="), Map.entry(0x2212, "-"), Map.entry(0x2010, "-"),
            Map.entry(0x2011, "-"), Map.entry(0x2012, "-"), Map.entry(0x2015, "-"), Map.entry(0x2192, "->"),
            Map.entry(0x2190, "<-"), Map.entry(0x2194, "<->"), Map.entry(0x2191, "^"), Map.entry(0x2193, "v"),
            Map.entry(0x21D2, "=>"), Map.entry(0x221E, "inf"), Map.entry(0x221A, "sqrt"), Map.entry(0x2032, "'"),
            Map.entry(0x2033, "\""), Map.entry(0x2213, "-/+"), Map.entry(0x2219, "\u00B7"), Map.entry(0x22C5, "\u00B7"),
            Map.entry(0x2713, "yes"), Map.entry(0x2717, "no"),
            Map.entry(0x03B1, "alpha"), Map.entry(0x03B2, "beta"), Map.entry(0x03B3, "gamma"), Map.entry(0x03B4, "delta"),
            Map.entry(0x0394, "Delta"), Map.entry(0x03B5, "epsilon"), Map.entry(0x03B7, "eta"), Map.entry(0x03B8, "theta"),
            Map.entry(0x03BA, "kappa"), Map.entry(0x03BB, "lambda"), Map.entry(0x03BC, "\u00B5"), Map.entry(0x03BD, "nu"),
            Map.entry(0x03C0, "pi"), Map.entry(0x03C1, "rho"), Map.entry(0x03C3, "sigma"), Map.entry(0x03A3, "Sigma"),
            Map.entry(0x03C4, "tau"), Map.entry(0x03C6, "phi"), Map.entry(0x03C7, "chi"), Map.entry(0x03C8, "psi"),
            Map.entry(0x03C9, "omega"), Map.entry(0x03A9, "Omega"),
            Map.entry(0x2080, "0"), Map.entry(0x2081, "1"), Map.entry(0x2082, "2"), Map.entry(0x2083, "3"),
            Map.entry(0x2084, "4"), Map.entry(0x2085, "5"), Map.entry(0x2086, "6"), Map.entry(0x2087, "7"),
            Map.entry(0x2088, "8"), Map.entry(0x2089, "9"),
            Map.entry(0x2002, " "), Map.entry(0x2003, " "), Map.entry(0x2004, " "), Map.entry(0x2005, " "),
            Map.entry(0x2006, " "), Map.entry(0x2007, " "), Map.entry(0x2008, " "), Map.entry(0x2009, " "),
            Map.entry(0x200A, " "), Map.entry(0x202F, " "), Map.entry(0x205F, " "), Map.entry(0x3000, " "),
            Map.entry(0x200B, ""), Map.entry(0x200C, ""), Map.entry(0x200D, ""), Map.entry(0x2060, ""),
            Map.entry(0xFEFF, ""), Map.entry(0x00AD, ""),
            Map.entry(0x0141, "L"), Map.entry(0x0142, "l"), Map.entry(0x0110, "D"), Map.entry(0x0111, "d"),
            Map.entry(0x0131, "i"), Map.entry(0x0126, "H"), Map.entry(0x0127, "h"));

    private static final String SUPERSCRIPTS = "\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079\u207A\u207B";
    private static final String SUPERSCRIPT_PLAIN = "0123456789+-";
    private static final PDFont HELVETICA = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private static final Map<Integer, Boolean> ENCODABLE = new ConcurrentHashMap<>();

    private WinAnsiText() {
    }

    /** The text with every character Helvetica cannot print replaced as described above; null becomes "". */
    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        int[] cps = text.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int end = i;
            boolean needsCaret = false;
            while (end < cps.length && SUPERSCRIPTS.indexOf(cps[end]) >= 0) {
                needsCaret |= !encodable(cps[end]);
                end++;
            }
            if (needsCaret) {
                // "10⁶" must not become "106": write the exponent as "10^6".
                out.append('^');
                for (int k = i; k < end; k++) {
                    out.append(SUPERSCRIPT_PLAIN.charAt(SUPERSCRIPTS.indexOf(cps[k])));
                }
                i = end - 1;
            } else {
                out.append(map(cps[i]));
            }
        }
        return out.toString();
    }

    private static String map(int cp) {
        if (cp == '\n') {
            return "\n";
        }
        if (cp == '\t') {
            return " ";
        }
        if (Character.isISOControl(cp)) {
            return "";
        }
        String replacement = REPLACEMENTS.get(cp);
        if (replacement != null) {
            return replacement;
        }
        if (encodable(cp)) {
            return new String(Character.toChars(cp));
        }
        String stripped = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "");
        if (!stripped.isEmpty() && stripped.codePoints().allMatch(WinAnsiText::encodable)) {
            return stripped;
        }
        return "?";
    }

    private static boolean encodable(int cp) {
        return ENCODABLE.computeIfAbsent(cp, c -> {
            try {
                // PDFBox fonts are not thread-safe; this runs once per distinct character.
                synchronized (HELVETICA) {
                    HELVETICA.encode(new String(Character.toChars(c)));
                }
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
