namespace Verge.Net.Privacy;

/// <summary>
/// What <c>verge private-train</c> measured: test accuracy of the plaintext baseline (true sigmoid), of the same
/// algorithm in clear (piecewise sigmoid) and of the weights trained on shares, the largest weight difference
/// between the last two, and the servers' costs (bytes between the servers, dealer
/// bytes to both, online and offline time of server 0).
/// </summary>
public sealed record PrivateTrainingReport(
    string Model, int ClassA, int ClassB, int TrainRows, int TestRows, int Epochs, int Batch, double LearningRate,
    double AccuracyPlain, double AccuracyPlainPiecewise, double AccuracyPrivate, double MaxAbsWeightError,
    long BytesOnline, long BytesOffline, double MsOnline, double MsOffline, int Rounds);
