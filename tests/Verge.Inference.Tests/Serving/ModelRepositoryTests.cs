using Verge.Core.Errors;
using Verge.Inference.Serving.Api;
using Verge.Inference.Serving.Repository;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Serving;

public sealed class ModelRepositoryTests
{
    private const string Batched = "max_batch_size: 8\ndynamic_batching: {max_queue_delay_us: 1000}\nprofile_runs: 1\n";

    [Fact]
    public void Loads_every_model_and_version_and_serves_the_latest_by_default()
    {
        using var dir = new TempDir();
        ServingModels.Add(dir.Path, "dense", Batched, ServingModels.Dense("batch"), 1, 3);
        ServingModels.Add(dir.Path, "fixed", Batched, ServingModels.Dense(1L));
        using var repo = new ModelRepository(dir.Path);

        var statuses = repo.LoadAll();
        Assert.Equal(["dense/1 Ready", "dense/3 Ready", "fixed/1 Ready"], statuses.Select(s => $"{s.Name}/{s.Version} {s.State}"));
        Assert.Equal(3, repo.Resolve("dense").Version);
        Assert.Equal(1, repo.Resolve("dense", 1).Version);
        Assert.True(repo.Resolve("dense").Batched);
        Assert.Equal(8, repo.Resolve("dense").Profile.MaxMeasured);

        var fixedModel = repo.Resolve("fixed");
        Assert.False(fixedModel.Batched);
        Assert.False(fixedModel.Limits.Combines);
        Assert.Contains("'x' has a fixed batch dimension (1×4): served unbatched", fixedModel.BatchingNote);
        Assert.Contains("fixed batch dimension", statuses.Single(s => s.Name == "fixed").Message);

        Assert.Equal(ServingError.ModelNotFound, Assert.Throws<ServingException>(() => repo.Resolve("dense", 2)).Error);
        Assert.Equal(ServingError.ModelNotFound, Assert.Throws<ServingException>(() => repo.Resolve("nope")).Error);
    }

    [Fact]
    public void A_model_that_fails_to_load_is_unavailable_with_its_reason_and_the_others_still_load()
    {
        using var dir = new TempDir();
        ServingModels.Add(dir.Path, "good", Batched, ServingModels.Dense("batch"));
        ServingModels.Add(dir.Path, "badconfig", "max_batch_size: lots", ServingModels.Dense("batch"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));
        File.WriteAllText(Path.Combine(dir.Path, "empty", "config.yaml"), "max_batch_size: 0");
        using var repo = new ModelRepository(dir.Path);

        var statuses = repo.LoadAll().ToDictionary(s => s.Name);
        Assert.Equal(ModelState.Ready, statuses["good"].State);
        Assert.Equal(ModelState.Unavailable, statuses["badconfig"].State);
        Assert.Contains("max_batch_size: 'lots' is not a whole number", statuses["badconfig"].Message);
        Assert.Contains("no version folder with model.onnx", statuses["empty"].Message);
        Assert.Equal(ServingError.ModelNotReady, Assert.Throws<ServingException>(() => repo.Resolve("badconfig")).Error);
    }

    [Fact]
    public void Unloads_and_loads_again_at_run_time()
    {
        using var dir = new TempDir();
        ServingModels.Add(dir.Path, "dense", Batched, ServingModels.Dense("batch"));
        using var repo = new ModelRepository(dir.Path);
        repo.Load("dense");
        Assert.Throws<UsageException>(() => repo.Load("dense"));

        var versions = repo.BeginUnload("dense");
        Assert.Equal(ModelState.Unloading, repo.Statuses().Single().State);
        repo.FinishUnload(versions);
        Assert.Equal(new ModelStatus("dense", 1, ModelState.Unavailable, "unloaded"), repo.Statuses().Single());

        repo.Load("dense");
        Assert.Equal(ModelState.Ready, repo.Statuses().Single().State);
    }

    [Fact]
    public void A_missing_repository_folder_says_what_to_give()
    {
        var e = Assert.Throws<InputException>(() => new ModelRepository("/no/such/models"));
        Assert.Equal("model repository '/no/such/models' not found; give a folder holding NAME/config.yaml and NAME/1/model.onnx", e.Message);
    }
}
