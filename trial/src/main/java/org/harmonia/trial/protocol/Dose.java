package org.harmonia.trial.protocol;

/** A dose as the protocol words it (e.g. amount "1-2 x 10^6", unit "cells/kg"). */
public record Dose(String amount, String unit) {
}
