using Verge.Core.Errors;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Serving.Scheduling.Queueing;

namespace Verge.Inference.Tests.Serving;

public sealed class ModelConfigReaderTests
{
    [Fact]
    public void Reads_every_field()
    {
        var config = ModelConfigReader.Parse("""
            name: lenet5
            max_batch_size: 16
            dynamic_batching:
              max_queue_delay_us: 2000
              preferred_batch_sizes: [8, 4, 8]
            instances: 2
            priority_levels: 3
            default_priority_level: 2
            queue:
              max_size: 64
              default_timeout_us: 50000
              timeout_action: delay
              allow_timeout_override: false
            weight: 2.5
            profile_runs: 0
            """, "lenet5", "m/lenet5/config.yaml");
        Assert.Equal(16, config.MaxBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(2), config.DynamicBatching!.MaxQueueDelay);
        Assert.Equal([4, 8], config.DynamicBatching.PreferredBatchSizes);
        Assert.Equal(2, config.Instances);
        Assert.Equal(new QueueOptions(3, 2, 64, TimeSpan.FromMilliseconds(50), TimeoutAction.Delay, false), config.Queue);
        Assert.Equal(2.5, config.Weight);
        Assert.Equal(0, config.ProfileRuns);
    }

    [Fact]
    public void Without_a_dynamic_batching_section_requests_are_not_combined()
    {
        var config = ModelConfigReader.Parse("max_batch_size: 8", "m", "config.yaml");
        Assert.Null(config.DynamicBatching);
        Assert.False(config.Limits.Combines);
        Assert.True(ModelConfigReader.Parse("max_batch_size: 8\ndynamic_batching: {}", "m", "config.yaml").Limits.Combines);
    }

    [Theory]
    [InlineData("max_batch_size: -1", "m/config.yaml: max_batch_size: -1 must be 0 or more")]
    [InlineData("max_batch_size: eight", "m/config.yaml: max_batch_size: 'eight' is not a whole number")]
    [InlineData("batch: 8", "m/config.yaml: batch: unknown key; expected one of name, max_batch_size")]
    [InlineData("dynamic_batching: {max_queue_delay_us: 100}", "m/config.yaml: dynamic_batching: needs max_batch_size of 1 or more")]
    [InlineData("max_batch_size: 4\ndynamic_batching: {preferred_batch_sizes: [2, 8]}", "m/config.yaml: dynamic_batching.preferred_batch_sizes[1]: 8 is above max_batch_size (4)")]
    [InlineData("max_batch_size: 4\ndynamic_batching: {preferred_batch_sizes: 4}", "m/config.yaml: dynamic_batching.preferred_batch_sizes: expected a list")]
    [InlineData("queue: {timeout_action: drop}", "m/config.yaml: queue.timeout_action: unknown action 'drop'; expected reject or delay")]
    [InlineData("queue: {max_sise: 3}", "m/config.yaml: queue.max_sise: unknown key")]
    [InlineData("priority_levels: 2\ndefault_priority_level: 3", "m/config.yaml: default_priority_level: 3 is above priority_levels (2)")]
    [InlineData("instances: 0", "m/config.yaml: instances: 0 must be 1 or more")]
    [InlineData("weight: 0", "m/config.yaml: weight: 0 must be positive")]
    [InlineData("name: other", "m/config.yaml: name: 'other' differs from the model's folder 'm'")]
    [InlineData("max_batch_size: [1", "m/config.yaml: line 2: YAML syntax error")]
    public void Refuses_a_bad_config_in_one_line_naming_file_and_field(string yaml, string expectedStart)
    {
        var e = Assert.Throws<InputException>(() => ModelConfigReader.Parse(yaml, "m", "m/config.yaml"));
        Assert.StartsWith(expectedStart, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
