package org.harmonia.server.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.harmonia.server.reports.ReportBlock.Paragraph;
import org.harmonia.server.reports.ReportBlock.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The page is written so that it is also well-formed XML; the tests parse it with the JDK's XML parser and
 * look at elements, not at substrings.
 */
class HtmlReportRendererTest {

    private static String html;
    private static Document dom;
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @BeforeAll
    static void render() throws Exception {
        System.setProperty("java.awt.headless", "true");
        html = new HtmlReportRenderer().render(SampleReports.mesems());
        dom = parse(html);
    }

    @Test
    void isAnEnglishHtml5PageWithTitleAndSubtitle() throws Exception {
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(dom.getDocumentElement().getAttribute("lang")).isEqualTo("en");
        assertThat(text("/html/head/title")).isEqualTo("MESEMS: interim report");
        assertThat(text("/html/body/header/h1")).isEqualTo("MESEMS: interim report");
        assertThat(text("/html/body/header/p[@class='subtitle']")).isEqualTo("Mesenchymal stem cells in multiple sclerosis \u2013 unblinded DSMB version");
    }

    @Test
    void hasEveryTableWithCaptionHeaderAndCells() throws Exception {
        assertThat(texts("//table/caption")).containsExactly(SampleReports.CONSORT_CAPTION, SampleReports.BASELINE_CAPTION,
                SampleReports.PRIMARY_CAPTION, SampleReports.AE_CAPTION, SampleReports.SAE_CAPTION);
        assertThat(texts("//section[@id='ae-soc']//thead/tr/th")).isEqualTo(SampleReports.AE_HEADER);
        assertThat(count("//section[@id='ae-soc']//tbody/tr")).isEqualTo(60);
        List<List<String>> rows = SampleReports.adverseEventRows();
        for (int r : new int[] {0, 29, 59}) {
            assertThat(texts("//section[@id='ae-soc']//tbody/tr[" + (r + 1) + "]/td")).isEqualTo(rows.get(r));
        }
        assertThat(texts("//section[@id='baseline']//tbody/tr[4]/td")).containsExactly("EDSS \u2265 3.0, n (%)", "58 (78.4%)", "54 (77.1%)");
        assertThat(texts("//section[@id='consort']//tbody/tr[2]/td")).containsExactly("Randomised", "74", "70", "144");
        assertThat(text("//section[@id='consort']/ul[@class='notes']/li")).startsWith("Excluded before randomisation: 39");
    }

    @Test
    void embedsEveryChartAsAValidPngDataUri() throws Exception {
        NodeList images = (NodeList) XPATH.evaluate("//figure/img", dom, XPathConstants.NODESET);
        assertThat(images.getLength()).isEqualTo(4);
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            String src = img.getAttribute("src");
            assertThat(src).startsWith("data:image/png;base64,");
            BufferedImage png = ChartRendererTest.decode(Base64.getDecoder().decode(src.substring("data:image/png;base64,".length())));
            assertThat(png.getWidth()).isEqualTo(1600);
            assertThat(img.getAttribute("width")).isEqualTo("800");
            assertThat(img.getAttribute("alt")).isNotBlank();
        }
        assertThat(texts("//figure/figcaption")).contains("Figure 3. Primary result by sub-trial");
    }

    @Test
    void keepsBlocksInOrderAndEndsWithTheFooter() throws Exception {
        assertThat(texts("//main/*/@id")).containsExactly("consort", "baseline", "primary", "gel-by-visit", "edss",
                "forest-primary", "ae-soc", "ae-bar", "sae");
        assertThat(texts("//main/h2")).containsExactly("Participant flow", "Baseline", "Primary efficacy", "Safety");
        assertThat(texts("//main/h3")).containsExactly("Serious adverse events");
        Element last = (Element) XPATH.evaluate("/html/body/*[last()]", dom, XPathConstants.NODE);
        assertThat(last.getTagName()).isEqualTo("footer");
        assertThat(last.getTextContent()).isEqualTo(SampleReports.FOOTER);
        assertThat(html).contains("@bottom-left { content: \"Data snapshot");
    }

    @Test
    void escapesMarkupInEveryKindOfText() throws Exception {
        String evil = "<script>alert('x')</script> & \"quoted\" </style>";
        Report report = new Report("T </title><b>", evil, List.of(
                new ReportBlock.Heading(1, evil),
                new Paragraph(evil),
                new Table("t\"><img src=x>", evil, List.of(evil), List.of(List.of(evil)), List.of(evil))), evil);
        String out = new HtmlReportRenderer().render(report);
        assertThat(out).doesNotContain("<script").doesNotContain("<img src=x").doesNotContain("<b>");
        assertThat(out.split("</style>", -1)).hasSize(2);
        Document d = parse(out);
        assertThat(XPATH.evaluate("/html/head/title", d)).isEqualTo("T </title><b>");
        assertThat(XPATH.evaluate("//main/p", d)).isEqualTo(evil);
        assertThat(XPATH.evaluate("//td", d)).isEqualTo(evil);
        assertThat(XPATH.evaluate("//caption", d)).isEqualTo(evil);
        assertThat(XPATH.evaluate("//section/@id", d)).isEqualTo("t\"><img src=x>");
        assertThat(XPATH.evaluate("//footer", d)).isEqualTo(evil);
    }

    @Test
    void keepsSymbolsAndAccentsAsUnicode() throws Exception {
        assertThat(text("//main/p")).contains("EDSS \u2264 6.5 and \u2265 1 GEL", "5 \u00B5l", "attivit\u00E0 gi\u00E0 svolta");
        assertThat(new String(new HtmlReportRenderer().renderBytes(SampleReports.mesems()), StandardCharsets.UTF_8)).contains("Universit\u00E0 di Genova");
    }

    private static Document parse(String page) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setExpandEntityReferences(false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(String xpath) throws Exception {
        return XPATH.evaluate(xpath, dom);
    }

    private static int count(String xpath) throws Exception {
        return ((NodeList) XPATH.evaluate(xpath, dom, XPathConstants.NODESET)).getLength();
    }

    private static List<String> texts(String xpath) throws Exception {
        NodeList nodes = (NodeList) XPATH.evaluate(xpath, dom, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

}
