using Verge.Core.Errors;
using Verge.Learning.Data;

namespace Verge.Learning.Tests.Privacy;

/// <summary>The data subset spec of <c>verge audit</c>: fashion-mnist:SPLIT[START:END].</summary>
public sealed class DataSubsetTests
{
    [Theory]
    [InlineData("fashion-mnist:train[0:1000]", "train", 0, 1000)]
    [InlineData("fashion-mnist:test[:500]", "test", 0, 500)]
    [InlineData("fashion-mnist:test[9000:]", "test", 9000, null)]
    [InlineData("fashion-mnist:train", "train", 0, null)]
    public void ParsesSplitsAndSlices(string text, string split, int start, int? end) =>
        Assert.Equal(new DataSubset(split, start, end), DataSubset.Parse(text, "--members"));

    [Theory]
    [InlineData("mnist:train[0:10]")]
    [InlineData("fashion-mnist:val[0:10]")]
    [InlineData("fashion-mnist:train[10:5]")]
    [InlineData("fashion-mnist:train[-1:5]")]
    [InlineData("fashion-mnist:train[0:99999999999]")]
    public void RefusesWhatIsNotASubset(string text) => Assert.Throws<UsageException>(() => DataSubset.Parse(text, "--members"));

    [Fact]
    public void IndicesStayInsideTheSplit()
    {
        Assert.Equal([3, 4], DataSubset.Parse("fashion-mnist:test[3:5]", "--x").Indices(10));
        Assert.Throws<InputException>(() => DataSubset.Parse("fashion-mnist:test[3:11]", "--x").Indices(10));
    }

    [Fact]
    public void OverlapNeedsTheSameSplitAndSharedIndices()
    {
        var a = DataSubset.Parse("fashion-mnist:train[0:1000]", "--x");
        Assert.True(a.Overlaps(DataSubset.Parse("fashion-mnist:train[999:]", "--x")));
        Assert.False(a.Overlaps(DataSubset.Parse("fashion-mnist:train[1000:]", "--x")));
        Assert.False(a.Overlaps(DataSubset.Parse("fashion-mnist:test[0:1000]", "--x")));
    }
}
