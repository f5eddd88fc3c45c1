# Reads an XPT file written by Harmonia's XptWriter with haven and prints what haven sees: dataset
# label, variable names, labels and every value at full precision. Used once by hand (output committed as
# read_harmonia_xpt.out) and by HavenXptTest whenever Rscript with haven is installed.
# Usage: Rscript read_harmonia_xpt.R FILE.xpt
library(haven)
args <- commandArgs(trailingOnly = TRUE)
d <- read_xpt(args[1])
cat("label:", attr(d, "label"), "\n")
for (v in names(d)) {
  cat("variable:", v, "|", attr(d[[v]], "label"), "|", class(d[[v]])[1], "\n")
}
for (i in seq_len(nrow(d))) {
  cells <- vapply(names(d), function(v) {
    x <- d[[v]][i]
    if (is.na(x)) "NA" else if (is.numeric(x)) sprintf("%.17g", x) else x
  }, "")
  cat("row:", paste(cells, collapse = " | "), "\n")
}
