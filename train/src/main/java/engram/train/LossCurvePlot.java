package engram.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/** A PNG line chart (Java2D, headless), for training curves and retention curves. */
public final class LossCurvePlot {

    /** One named line: x and y values, drawn in {@code color}; dashed for reference curves. */
    public record Series(String name, double[] x, double[] y, Color color, boolean dashed) {
    }

    private LossCurvePlot() {
    }

    /**
     * The training log (step,loss,answer_accuracy,retention_accuracy,seconds[,in_context_accuracy]) as two panels:
     * loss and accuracy.
     */
    static void write(Path csv, Path png) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        int n = lines.size() - 1;
        double[] step = new double[n];
        double[] loss = new double[n];
        double[] answers = new double[n];
        double[] retention = new double[n];
        double[] inContext = new double[n];
        boolean hasInContext = lines.get(0).contains("in_context_accuracy");
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            step[i] = Double.parseDouble(f[0]);
            loss[i] = Double.parseDouble(f[1]);
            answers[i] = Double.parseDouble(f[2]);
            retention[i] = Double.parseDouble(f[3]);
            inContext[i] = hasInContext ? Double.parseDouble(f[5]) : 0;
        }
        BufferedImage image = new BufferedImage(1000, 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        panel(g, 0, 500, image.getHeight(), "training loss", "step",
                List.of(new Series("loss", step, loss, Color.BLUE, false)), false);
        List<Series> accuracy = new java.util.ArrayList<>(List.of(
                new Series("just injected", step, answers, new Color(0, 130, 0), false),
                new Series("injected t steps ago", step, retention, new Color(200, 100, 0), false)));
        if (hasInContext) {
            accuracy.add(new Series("in the context (no memory)", step, inContext, Color.GRAY, false));
        }
        panel(g, 500, 500, image.getHeight(), "exact answers (teacher forcing)", "step", accuracy, true);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    /** A single-panel chart with y in [0, 1]. */
    public static void writeChart(Path png, String title, String xLabel, List<Series> series) throws IOException {
        BufferedImage image = new BufferedImage(800, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        panel(g, 0, 800, image.getHeight(), title, xLabel, series, true);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, int left, int width, int height, String title, String xLabel,
                              List<Series> series, boolean unitY) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int x0 = left + 60;
        int x1 = left + width - 20;
        int y0 = height - 50;
        int y1 = 40;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = unitY ? 0 : Double.MAX_VALUE;
        double maxY = unitY ? 1 : -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                if (!unitY && !Double.isNaN(s.y()[i])) {
                    minY = Math.min(minY, s.y()[i]);
                    maxY = Math.max(maxY, s.y()[i]);
                }
            }
        }
        if (maxX <= minX) {
            maxX = minX + 1;
        }
        if (maxY <= minY) {
            maxY = minY + 1;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, x0, 25);
        g.drawString(xLabel, (x0 + x1) / 2, height - 15);
        for (int t = 0; t <= 4; t++) {
            double yv = minY + (maxY - minY) * t / 4;
            int y = (int) (y0 - (y0 - y1) * t / 4.0);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x0 + 1, y, x1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.2f", yv), left + 10, y + 4);
            double xv = minX + (maxX - minX) * t / 4;
            int x = (int) (x0 + (x1 - x0) * t / 4.0);
            g.drawString(String.format("%.0f", xv), x - 10, y0 + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(x0, y0, x1, y0);
        g.drawLine(x0, y0, x0, y1);
        int legend = 0;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 4}, 0) : new BasicStroke(2));
            List<int[]> points = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isNaN(s.y()[i])) {
                    continue;
                }
                int x = (int) (x0 + (x1 - x0) * (s.x()[i] - minX) / (maxX - minX));
                int y = (int) (y0 - (y0 - y1) * (s.y()[i] - minY) / (maxY - minY));
                points.add(new int[] {x, y});
            }
            for (int i = 1; i < points.size(); i++) {
                g.drawLine(points.get(i - 1)[0], points.get(i - 1)[1], points.get(i)[0], points.get(i)[1]);
            }
            if (points.size() == 1) {
                g.fillOval(points.get(0)[0] - 3, points.get(0)[1] - 3, 6, 6);
            }
            g.drawLine(x1 - 250, y1 + 10 + legend * 16, x1 - 225, y1 + 10 + legend * 16);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), x1 - 220, y1 + 14 + legend * 16);
            legend++;
        }
        g.setStroke(new BasicStroke(1));
    }
}
