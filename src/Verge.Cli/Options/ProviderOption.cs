using System.CommandLine;
using Verge.Inference.Runtime;

namespace Verge.Cli.Options;

/// <summary>--ep: the ONNX Runtime execution provider a command's sessions run on; recorded with its results.</summary>
internal static class ProviderOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--ep")
        {
            Description = "ONNX Runtime execution provider: cpu or cuda (a build without CUDA refuses cuda, never falls back)",
            DefaultValueFactory = _ => ExecutionProviders.Cpu,
        };
        CommonOptions.OneOf(option, ExecutionProviders.Names);
        return option;
    }
}
