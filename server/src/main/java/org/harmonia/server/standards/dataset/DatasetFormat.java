package org.harmonia.server.standards.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/** The file formats a dataset is exported in: SAS transport version 5 and CDISC Dataset-JSON 1.1. */
public enum DatasetFormat {
    XPT("xpt"),
    JSON("json");

    private final String extension;

    DatasetFormat(String extension) {
        this.extension = extension;
    }

    public static Optional<DatasetFormat> parse(String text) {
        for (DatasetFormat f : values()) {
            if (f.extension.equalsIgnoreCase(text)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The file name of a dataset: its name in lower case, as submissions name them. */
    public String fileName(Dataset dataset) {
        return dataset.name().toLowerCase(Locale.ROOT) + "." + extension;
    }

    /** Opens a writer of the dataset in {@code dir}. */
    public DatasetWriter open(Dataset dataset, Path dir, DatasetFileInfo info) throws IOException {
        Path file = dir.resolve(fileName(dataset));
        return switch (this) {
            case XPT -> new XptWriter(dataset, Files.newOutputStream(file),
                    LocalDateTime.from(OffsetDateTime.parse(info.created())));
            case JSON -> new DatasetJsonWriter(dataset, info, file);
        };
    }

    public String extension() {
        return extension;
    }
}
