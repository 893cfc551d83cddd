package dev.llmbench.bench.plot;

import org.junit.jupiter.api.Assumptions;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What the plot tests read back from the pictures: a PNG's raster, an SVG's tagged groups ({@link SvgGroups}). */
public final class Pictures {

    private Pictures() {
    }

    /** The bundle's runtime has no java.desktop: there the picture tests are skipped, as --plot is refused. */
    public static void assumeCanDraw() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule(HeadlessAwt.DESKTOP_MODULE).isPresent(),
                "this runtime has no " + HeadlessAwt.DESKTOP_MODULE + " module: --plot is refused here");
    }

    public static PlotFile plotFile(Path path) {
        return PlotFile.of(path.toString());
    }

    public static BufferedImage png(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new AssertionError(file + " is not a picture ImageIO reads");
        }
        return image;
    }

    public static Document svg(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // A DOCTYPE must not make the test fetch a DTD from the network.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return factory.newDocumentBuilder().parse(Files.newInputStream(file));
    }

    /** Per panel, the distinct values of {@code attribute} among the groups of class {@code kind}. */
    public static Map<String, Set<String>> byPanel(Document svg, String kind, String attribute) {
        return grouped(svg, kind, SvgGroups.PANEL, attribute);
    }

    /** Per value of {@code by}, the distinct values of {@code attribute} among the groups of class {@code kind}. */
    public static Map<String, Set<String>> grouped(Document svg, String kind, String by, String attribute) {
        Map<String, Set<String>> values = new TreeMap<>();
        NodeList groups = svg.getElementsByTagNameNS("*", "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute(SvgGroups.CLASS).equals(kind)) {
                values.computeIfAbsent(group.getAttribute(by), p -> new TreeSet<>())
                        .add(group.getAttribute(attribute));
            }
        }
        return values;
    }
}
