package org.harmonia.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs an R script that times its own work and prints the seconds it took as its last line (the anchors of the fits). */
final class RScript {
    private RScript() {
    }

    /** Whether {@code Rscript} is on the PATH (without it the benchmarks run without their R anchor and say so). */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "Rscript"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code script} with {@code Rscript} and the given arguments; returns the number on its last output line. */
    static double timed(String script, Path... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("harmonia-bench", ".R");
        Files.writeString(file, script);
        try {
            String[] command = new String[args.length + 2];
            command[0] = "Rscript";
            command[1] = file.toString();
            for (int i = 0; i < args.length; i++) {
                command[i + 2] = args[i].toString();
            }
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    last = line;
                }
            }
            if (p.waitFor() != 0 || last == null) {
                throw new IllegalStateException("Rscript failed (exit code " + p.exitValue() + ")");
            }
            return Double.parseDouble(last.strip());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
