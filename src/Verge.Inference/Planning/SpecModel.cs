using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Zoo;

namespace Verge.Inference.Planning;

/// <summary>Loads the model a spec names; a path is taken relative to the spec's folder first.</summary>
public static class SpecModel
{
    public static ModelGraph Load(DeploymentSpec spec, ModelZoo zoo)
    {
        var model = spec.App.Model;
        if (!ModelZoo.IsZooName(model) && !Path.IsPathRooted(model))
        {
            var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.Source)) ?? ".", model);
            if (File.Exists(beside)) model = beside;
        }
        if (!ModelZoo.IsZooName(model) && !File.Exists(model))
            throw new InputException($"{spec.Source}: app.model: no file '{spec.App.Model}'; give zoo:NAME or the path of an .onnx file");
        try
        {
            return zoo.Load(model);
        }
        catch (InputException e)
        {
            throw new InputException($"{spec.Source}: app.model: {e.Message}", e) { Term = e.Term };
        }
    }
}
