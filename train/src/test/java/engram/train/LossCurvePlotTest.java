package engram.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plots actually draw their lines and axes inside the image (a blank PNG once passed unnoticed). */
class LossCurvePlotTest {

    @TempDir
    Path dir;

    private static int colouredPixels(BufferedImage image, Color colour) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void aChartDrawsItsSeriesAcrossThePanel() throws Exception {
        Path png = dir.resolve("chart.png");
        double[] x = {1, 2, 5, 10, 20};
        LossCurvePlot.writeChart(png, "t", "x", List.of(new LossCurvePlot.Series("a", x,
                new double[] {0.9, 0.8, 0.6, 0.4, 0.2}, Color.RED, false)));
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(colouredPixels(image, Color.RED) > 300, "the line is drawn");
        int bottomRow = image.getHeight() - 50;
        assertTrue(image.getRGB(image.getWidth() / 2, bottomRow) == Color.BLACK.getRGB(), "the x axis is in the image");
    }

    @Test
    void theTrainingCurveHasBothPanels() throws Exception {
        Path csv = dir.resolve("loss.csv");
        Files.writeString(csv, "step,loss,answer_accuracy,retention_accuracy,seconds\n1,9.0,0.0,0.0,1\n"
                + "2,7.0,0.1,0.05,2\n3,5.0,0.3,0.2,3\n");
        Path png = dir.resolve("loss.png");
        LossCurvePlot.write(csv, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(colouredPixels(image, Color.BLUE) > 200, "loss line");
        assertTrue(colouredPixels(image, new Color(0, 130, 0)) > 100, "answer accuracy line");
    }
}
