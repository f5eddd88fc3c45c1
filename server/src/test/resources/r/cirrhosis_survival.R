# Reference for CirrhosisReportTest: the survival analyses of the UC-MSC decompensated cirrhosis report on the demo
# cohort's data. cirrhosis_survival.csv holds, per randomised patient and time-to-event endpoint (EP-OS overall
# survival, EP-HCC time to hepatocellular carcinoma), the time in months from randomisation and the status as the
# protocol's censoring rules derive them (the test checks the demo gives exactly these rows).
# Run: Rscript cirrhosis_survival.R > cirrhosis_survival.out
library(survival)
d <- read.csv("cirrhosis_survival.csv")
d$arm <- factor(d$arm, levels = c("CONTROL", "UC-MSC"))
f <- function(x, k = 3) formatC(x, format = "f", digits = k)
report <- function(label, x) {
  lr <- survdiff(Surv(time, status) ~ arm, data = x)
  p <- pchisq(lr$chisq, df = 1, lower.tail = FALSE)
  cx <- summary(coxph(Surv(time, status) ~ arm, data = x, ties = "efron"))
  ci <- cx$conf.int
  cat(sprintf("%s: events UC-MSC %d/%d control %d/%d; log-rank chisq %.6f p %.6f; HR %.6f (%.6f to %.6f) Cox p %.6f\n",
              label, sum(x$status[x$arm == "UC-MSC"]), sum(x$arm == "UC-MSC"), sum(x$status[x$arm == "CONTROL"]),
              sum(x$arm == "CONTROL"), lr$chisq, p, ci[1, 1], ci[1, 3], ci[1, 4], cx$coefficients[1, 5]))
  cat(sprintf("  as printed: %s | %s | %s (%s to %s) | %s\n", f(lr$chisq), f(p), f(ci[1, 1]), f(ci[1, 3]), f(ci[1, 4]),
              f(cx$coefficients[1, 5])))
}
os <- d[d$endpoint == "EP-OS", ]
report("OS whole follow-up (0 to 75 months)", os)
# up to the landmark: censored at 13 months
before <- transform(os, status = ifelse(time <= 13, status, 0), time = pmin(time, 13))
report("OS up to the landmark (0 to 13 months)", before)
# from the landmark on: patients still under observation after 13 months, time restarted there (dynpred::cutLM, time > LM)
after <- transform(os[os$time > 13, ], time = time - 13)
report(sprintf("OS from the landmark on (13 to 75 months, %d at risk)", nrow(after)), after)
km <- summary(survfit(Surv(time, status) ~ arm, data = os), times = c(13, 75), extend = TRUE)
cat(sprintf("KM %s at %g months: %.6f (%.6f to %.6f)\n", km$strata, km$time, km$surv, km$lower, km$upper), sep = "")
report("HCC whole follow-up (0 to 75 months)", d[d$endpoint == "EP-HCC", ])
