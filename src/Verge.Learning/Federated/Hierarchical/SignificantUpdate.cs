namespace Verge.Learning.Federated.Hierarchical;

/// <summary>What an edge sends the cloud in one round: the significant parameters' indices (ascending), their accumulated changes, and the exact payload size.</summary>
public sealed record SignificantUpdate(int[] Indices, float[] Values, long Bytes);
