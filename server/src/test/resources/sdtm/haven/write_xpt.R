# Writes haven-v5.xpt: known numbers and texts as SAS transport version 5, written by haven (ReadStat),
# for XptReaderTest/HavenXptTest to read with Harmonia's own reader and to compare its IBM floats byte for byte.
# Run from this directory: Rscript write_xpt.R
library(haven)
d <- data.frame(
  NAME = c("one", "minus one", "tenth", "small", "large", "missing", "zero", "Malmo"),
  X = c(1, -1, 0.1, 1e-5, 1e10, NA, 0, 123456789.5),
  stringsAsFactors = FALSE)
attr(d$NAME, "label") <- "what the number is"
attr(d$X, "label") <- "a number"
write_xpt(d, "haven-v5.xpt", version = 5, name = "NUMBERS", label = "Known numbers")
cat("haven", as.character(packageVersion("haven")), "on", R.version.string, "\n")
