using MlNetPositional.Contract.Onnx;
using MlNetPositional.Contract.Onnx.Schema;

namespace MlNetPositional.Pretrained;

/// <summary>
/// Moves a BERT export from opset 11..16 to this library's opset (17), so that everything downstream
/// (the stock ML.NET chain saved by the transform uses <c>Shape</c> with start and end, opset 15) takes it.
/// The only changes a BERT export meets on the way: Unsqueeze, Squeeze and ReduceSum take their axes as
/// an input from opset 13 (attribute before), and Softmax normalises one axis from 13 instead of a
/// flattened view (the same when the axis is the last, as attention's always is). ReduceMean keeps its
/// attribute until 18.
/// </summary>
internal static class OpsetUpgrade
{
    /// <summary>Upgrades <paramref name="model"/> in place; returns a sentence saying what changed, or null when nothing did.</summary>
    /// <exception cref="NotBertFamilyException">A Softmax over another axis than the last (its meaning changed at 13).</exception>
    public static string? To(ModelProto model, int target, GraphBuilder constants, string source)
    {
        var entry = model.OpsetImport.First(o => o.Domain is "" or "ai.onnx");
        var from = entry.Version;
        if (from >= target)
        {
            return null;
        }

        var moved = 0;
        if (from < 13)
        {
            foreach (var node in model.Graph.Node.Where(n => n.OpType is "Unsqueeze" or "Squeeze" or "ReduceSum"))
            {
                if (node.Attribute.FirstOrDefault(a => a.Name == "axes") is { } axes)
                {
                    node.Attribute.Remove(axes);
                    node.Input.Add(constants.Int64Constant($"{BertEncoderAdopter.Prefix}{node.OpType.ToLowerInvariant()}_axes", [.. axes.Ints]));
                    moved++;
                }
            }

            var other = model.Graph.Node.Where(n => n.OpType == "Softmax" && (n.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 1) is not (-1 or 3)).Select(n => n.Name).ToList();
            if (other.Count > 0)
            {
                throw new NotBertFamilyException(source, [$"its Softmax node(s) {string.Join(", ", other)} normalise another axis than the last, whose meaning changed at opset 13."]);
            }
        }

        entry.Version = target;
        model.IrVersion = Math.Max(model.IrVersion, OnnxVersions.IrVersionFor(target));
        return $"opset {from} -> {target} (IR {model.IrVersion}); {moved} axes attribute(s) moved to inputs.";
    }
}
