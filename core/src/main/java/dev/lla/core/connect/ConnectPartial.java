package dev.lla.core.connect;

import java.util.List;

/**
 * What a connect run finished, journaled as it goes: the epochs of fitting θ (their state is kept
 * by the job's {@link CurveStore}) and the evaluated points. A resumed run reuses them and gives the
 * numbers of an uninterrupted one.
 *
 * @param fingerprint identifies the inputs and options
 * @param trainLoss mean training loss of each finished epoch
 * @param steps optimizer steps taken in those epochs
 * @param points per evaluated t, in order: line loss, line accuracy, curve loss, curve accuracy
 */
public record ConnectPartial(String fingerprint, List<Double> trainLoss, long steps, List<double[]> points) {

    public ConnectPartial {
        trainLoss = List.copyOf(trainLoss);
        points = List.copyOf(points);
    }

    public static ConnectPartial empty(String fingerprint) {
        return new ConnectPartial(fingerprint, List.of(), 0, List.of());
    }
}
