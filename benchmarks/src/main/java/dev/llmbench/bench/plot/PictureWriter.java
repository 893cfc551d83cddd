package dev.llmbench.bench.plot;

import dev.llmbench.LlmbenchException;
import org.jfree.svg.SVGGraphics2D;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a {@link Picture} to its {@link PlotFile}: a PNG raster or an SVG document, as the extension chose. */
public final class PictureWriter {

    private PictureWriter() {
    }

    public static void write(PlotFile file, Picture picture) {
        try {
            Path parent = file.path().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            switch (file.format()) {
                case PNG -> writePng(file.path(), picture);
                case SVG -> writeSvg(file.path(), picture);
            }
        } catch (IOException e) {
            throw new LlmbenchException("cannot write " + file.path() + ": " + e.getMessage(), e);
        }
    }

    private static void writePng(Path path, Picture picture) throws IOException {
        BufferedImage image = new BufferedImage(picture.width(), picture.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, picture.width(), picture.height());
            picture.painter().accept(g2);
        } finally {
            g2.dispose();
        }
        ImageIO.write(image, "png", path.toFile());
    }

    private static void writeSvg(Path path, Picture picture) throws IOException {
        SVGGraphics2D g2 = new SVGGraphics2D(picture.width(), picture.height());
        // JFreeSVG prefixes its clip ids with the time by default: the same results would give a new file each time.
        g2.setDefsKeyPrefix("plot");
        picture.painter().accept(g2);
        // The element without getSVGDocument's DOCTYPE: SVG 2 has none, and readers would fetch its DTD.
        Files.writeString(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g2.getSVGElement() + "\n",
                StandardCharsets.UTF_8);
    }
}
