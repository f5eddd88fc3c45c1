package org.harmonia.trial.simulation;

import java.util.List;

/**
 * The data of one simulated trial, patient by patient in order of randomisation, for inspection and export
 * (the simulator itself works on primitive arrays and never builds this).
 *
 * @param trialIndex  which trial of the simulation
 * @param subTrial    each patient's sub-trial id
 * @param site        each patient's site id
 * @param sequence    each patient's allocated sequence id
 * @param baselineGel lesions on the baseline scan (week 0)
 * @param scansDone   post-baseline scans the patient had before dropping out (0: not in the full analysis set)
 * @param totalGel    lesions summed over the scans done
 */
public record SimulatedTrial(long trialIndex, List<String> subTrial, List<String> site, List<String> sequence,
                             int[] baselineGel, int[] scansDone, int[] totalGel) {
    public SimulatedTrial {
        subTrial = List.copyOf(subTrial);
        site = List.copyOf(site);
        sequence = List.copyOf(sequence);
        baselineGel = baselineGel.clone();
        scansDone = scansDone.clone();
        totalGel = totalGel.clone();
        int n = subTrial.size();
        if (site.size() != n || sequence.size() != n || baselineGel.length != n || scansDone.length != n || totalGel.length != n) {
            throw new IllegalArgumentException("every column of a simulated trial needs one value per patient (" + n + ")");
        }
    }

    @Override
    public int[] baselineGel() {
        return baselineGel.clone();
    }

    @Override
    public int[] scansDone() {
        return scansDone.clone();
    }

    @Override
    public int[] totalGel() {
        return totalGel.clone();
    }

    public int patients() {
        return subTrial.size();
    }

    /** The trial as CSV, one row per patient, with the column names of the primary analysis formula. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("patient,subTrial,site,sequence,baseline_gel,scans_done,total_gel\n");
        for (int i = 0; i < patients(); i++) {
            sb.append(i + 1).append(',').append(subTrial.get(i)).append(',').append(site.get(i)).append(',')
                    .append(sequence.get(i)).append(',').append(baselineGel[i]).append(',').append(scansDone[i])
                    .append(',').append(totalGel[i]).append('\n');
        }
        return sb.toString();
    }
}
