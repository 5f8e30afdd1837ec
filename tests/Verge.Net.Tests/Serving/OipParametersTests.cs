using Verge.Inference.Serving.Api;
using Verge.Net.Serving;

namespace Verge.Net.Tests.Serving;

/// <summary>Request parameters and the transport deadline into the serving core's <see cref="InferenceOptions"/>.</summary>
public sealed class OipParametersTests
{
    [Fact]
    public void ParametersAndTheTransportDeadlineBecomeOptions()
    {
        var deadline = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var options = OipParameters.ToOptions(new Dictionary<string, object>
        {
            ["priority"] = 2L, ["deadline_ms"] = 12.5, ["stream_id"] = "cam-7", ["sequence"] = 42UL, ["unrelated"] = true,
        }, deadline);
        Assert.Equal(new InferenceOptions { Priority = 2, Timeout = TimeSpan.FromMilliseconds(12.5), StreamId = "cam-7", Sequence = 42, Deadline = deadline }, options);
        Assert.Equal(new InferenceOptions(), OipParameters.ToOptions(new Dictionary<string, object>()));
        Assert.Equal(3, OipParameters.ToOptions(new Dictionary<string, object> { ["priority"] = "3" }).Priority);
    }

    [Theory]
    [InlineData("deadline_ms", -1.0, "parameter 'deadline_ms': -1 is not a positive number of milliseconds")]
    [InlineData("priority", 1.5, "parameter 'priority': 1.5 is not a whole number")]
    [InlineData("priority", "high", "parameter 'priority': 'high' is not a number")]
    [InlineData("sequence", 4L, "parameter 'sequence' without 'stream_id'")]
    public void WrongParametersAreRefusedByName(string key, object value, string message)
    {
        var e = Assert.Throws<ServingException>(() => OipParameters.ToOptions(new Dictionary<string, object> { [key] = value }));
        Assert.Equal(ServingError.InvalidInput, e.Error);
        Assert.StartsWith(message, e.Message);
    }
}
