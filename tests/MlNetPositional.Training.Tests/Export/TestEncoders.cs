using MlNetPositional.Contract;
using MlNetPositional.Training.Model;
using static TorchSharp.torch;

namespace MlNetPositional.Training.Tests.Export;

/// <summary>Encoders with every weight moved off its initial value, for export tests.</summary>
internal static class TestEncoders
{
    /// <summary>A seeded encoder of <paramref name="config"/> in eval mode.</summary>
    public static PositionalEncoder Random(ModelConfig config, int seed)
    {
        manual_seed(seed);
        var encoder = new PositionalEncoder(config);
        using (no_grad())
        {
            // Move every weight off its initial value (LayerNorm starts at 1 and 0), so a swapped or
            // mis-transposed weight cannot hide behind a symmetric initialisation.
            foreach (var parameter in encoder.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.3);
            }
        }

        encoder.eval();
        return encoder;
    }
}
