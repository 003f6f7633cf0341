package dev.lla.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A figure of several panels (XChart has no subplots): a title, a legend shared by all panels,
 * then the panels in a grid of at most {@link #COLUMNS} columns. Each panel is a few lines of
 * heading above a body image of {@link #BODY_WIDTH} × {@link #BODY_HEIGHT} pixels.
 */
final class PanelFigure {

    static final int COLUMNS = 2;
    static final int PANEL_WIDTH = 640;
    static final int HEADER_HEIGHT = 68;
    static final int BODY_WIDTH = PANEL_WIDTH;
    static final int BODY_HEIGHT = 380;
    static final int PANEL_HEIGHT = HEADER_HEIGHT + BODY_HEIGHT;

    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font HEADING_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    static final Font DETAIL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font MESSAGE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Color TEXT = new Color(33, 33, 33);
    static final Color MUTED = new Color(90, 90, 90);

    private static final int MARGIN = 18;
    private static final int GAP = 14;
    private static final int TITLE_HEIGHT = 34;
    private static final int LEGEND_HEIGHT = 34;
    private static final int TEXT_INSET = 10;

    /** One line of a panel's heading. */
    record Line(String text, Font font, Color color) {
        static Line heading(String text) {
            return new Line(text, HEADING_FONT, TEXT);
        }

        static Line detail(String text) {
            return new Line(text, DETAIL_FONT, MUTED);
        }
    }

    /** A panel: heading lines (at most three fit) above a body image. */
    record Panel(List<Line> heading, BufferedImage body) {}

    /** How a legend entry is drawn. */
    enum Symbol {
        POINT,
        LINE,
        DASHED_LINE,
        BAND
    }

    /** One entry of the legend. */
    record Key(Symbol symbol, Color color, String label) {}

    private PanelFigure() {}

    /** The size of a figure of {@code panels} panels. */
    static Dimension size(int panels) {
        int columns = columns(panels);
        int rows = (Math.max(panels, 1) + columns - 1) / columns;
        return new Dimension(
                2 * MARGIN + columns * PANEL_WIDTH + (columns - 1) * GAP,
                2 * MARGIN + TITLE_HEIGHT + LEGEND_HEIGHT + rows * PANEL_HEIGHT + (rows - 1) * GAP);
    }

    /** Where panel {@code index} of {@code panels} lies in the figure. */
    static Rectangle panelBounds(int index, int panels) {
        int columns = columns(panels);
        return new Rectangle(
                MARGIN + (index % columns) * (PANEL_WIDTH + GAP),
                MARGIN + TITLE_HEIGHT + LEGEND_HEIGHT + (index / columns) * (PANEL_HEIGHT + GAP),
                PANEL_WIDTH,
                PANEL_HEIGHT);
    }

    /** A body that says something in words instead of drawing a chart. */
    static BufferedImage message(List<String> lines) {
        BufferedImage image = blank(BODY_WIDTH, BODY_HEIGHT);
        Graphics2D g = graphics(image);
        try {
            g.setColor(new Color(225, 225, 225));
            g.setStroke(new BasicStroke(1f));
            g.drawRect(TEXT_INSET, 4, BODY_WIDTH - 2 * TEXT_INSET, BODY_HEIGHT - 12);
            g.setFont(MESSAGE_FONT);
            FontMetrics metrics = g.getFontMetrics();
            int lineHeight = metrics.getHeight() + 4;
            int y = (BODY_HEIGHT - lines.size() * lineHeight) / 2 + metrics.getAscent();
            for (int i = 0; i < lines.size(); i++) {
                g.setColor(i == 0 ? TEXT : MUTED);
                String text = fit(metrics, lines.get(i), BODY_WIDTH - 4 * TEXT_INSET);
                g.drawString(text, (BODY_WIDTH - metrics.stringWidth(text)) / 2f, y);
                y += lineHeight;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The figure as PNG bytes. */
    static byte[] png(String title, List<Key> legend, List<Panel> panels) {
        Dimension size = size(panels.size());
        BufferedImage image = blank(size.width, size.height);
        Graphics2D g = graphics(image);
        try {
            g.setFont(TITLE_FONT);
            g.setColor(TEXT);
            FontMetrics metrics = g.getFontMetrics();
            String text = fit(metrics, title == null ? "" : title, size.width - 2 * MARGIN);
            g.drawString(text, (size.width - metrics.stringWidth(text)) / 2f, MARGIN + metrics.getAscent());
            drawLegend(g, legend, size.width, MARGIN + TITLE_HEIGHT);
            for (int i = 0; i < panels.size(); i++) {
                drawPanel(g, panels.get(i), panelBounds(i, panels.size()));
            }
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    /** {@code text} shortened with an ellipsis to fit {@code width} pixels. */
    static String fit(FontMetrics metrics, String text, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String shorter = text;
        while (!shorter.isEmpty() && metrics.stringWidth(shorter + "…") > width) {
            shorter = shorter.substring(0, shorter.length() - 1);
        }
        return shorter + "…";
    }

    private static void drawPanel(Graphics2D g, Panel panel, Rectangle bounds) {
        int y = bounds.y + 2;
        for (Line line : panel.heading()) {
            g.setFont(line.font());
            g.setColor(line.color());
            FontMetrics metrics = g.getFontMetrics();
            y += metrics.getAscent();
            g.drawString(fit(metrics, line.text(), bounds.width - 2 * TEXT_INSET), bounds.x + TEXT_INSET, y);
            y += metrics.getDescent() + 3;
        }
        g.drawImage(panel.body(), bounds.x, bounds.y + HEADER_HEIGHT, null);
    }

    /** The legend on one centred row. */
    private static void drawLegend(Graphics2D g, List<Key> legend, int width, int top) {
        g.setFont(DETAIL_FONT);
        FontMetrics metrics = g.getFontMetrics();
        int symbolWidth = 26;
        int spacing = 28;
        int total = 0;
        for (Key key : legend) {
            total += symbolWidth + 6 + metrics.stringWidth(key.label()) + spacing;
        }
        total -= spacing;
        int x = Math.max(MARGIN, (width - total) / 2);
        int middle = top + LEGEND_HEIGHT / 2 - 2;
        for (Key key : legend) {
            drawSymbol(g, key, x, middle, symbolWidth);
            x += symbolWidth + 6;
            g.setColor(TEXT);
            g.drawString(key.label(), x, middle + metrics.getAscent() / 2 - 1);
            x += metrics.stringWidth(key.label()) + spacing;
        }
    }

    private static void drawSymbol(Graphics2D g, Key key, int x, int middle, int width) {
        g.setColor(key.color());
        switch (key.symbol()) {
            case POINT -> g.fill(new Ellipse2D.Double(x + width / 2.0 - 4.5, middle - 4.5, 9, 9));
            case LINE -> {
                g.setStroke(new BasicStroke(2.5f));
                g.drawLine(x, middle, x + width, middle);
            }
            case DASHED_LINE -> {
                g.setStroke(dashed(1.8f));
                g.drawLine(x, middle, x + width, middle);
            }
            case BAND -> g.fillRect(x, middle - 7, width, 14);
        }
        g.setStroke(new BasicStroke(1f));
    }

    static BasicStroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f);
    }

    private static int columns(int panels) {
        return Math.max(1, Math.min(COLUMNS, panels));
    }

    private static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the criteria PNG", e);
        }
        return out.toByteArray();
    }
}
