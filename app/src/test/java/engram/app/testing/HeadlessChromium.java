package engram.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Loads a page in headless Chromium, lets its scripts run, and returns the resulting DOM. */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /** The browser binary, if one is installed (Debian package {@code chromium}). */
    public static Optional<Path> find() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "headless_shell")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after up to {@code scriptMillis} of (virtual) script time. */
    public static String dumpDom(Path browser, String url, int scriptMillis, Path profileDir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profileDir,
                "--virtual-time-budget=" + scriptMillis, "--dump-dom", url)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish");
        }
        return new String(dom, StandardCharsets.UTF_8);
    }
}
