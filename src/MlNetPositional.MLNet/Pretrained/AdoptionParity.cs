using Microsoft.ML.OnnxRuntime;
using MlNetPositional.Contract;

namespace MlNetPositional.Pretrained;

/// <summary>
/// Runs the original and the adopted graph on the same seeded right-padded batch in ONNX Runtime and
/// returns the largest |adopted embeddings - original hidden states| over unmasked positions: the
/// adopter's proof that it wrapped the encoder without changing what it computes.
/// </summary>
internal static class AdoptionParity
{
    public static double Measure(byte[] original, byte[] adopted, Vocabulary vocabulary, GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        var random = new Random(24);
        var lengths = new[] { 3, 17, 9, 1, 32 };
        var seq = lengths.Max();
        var (rows, dim) = (lengths.Length, 0);
        var ids = new long[rows * seq];
        var mask = new long[rows * seq];
        Array.Fill(ids, vocabulary.PadId);
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < lengths[r]; t++)
            {
                ids[(r * seq) + t] = random.Next(vocabulary.Count);
                mask[(r * seq) + t] = 1;
            }
        }

        using var options = new SessionOptions { GraphOptimizationLevel = optimization, IntraOpNumThreads = 1 };
        using var source = new InferenceSession(original, options);
        using var wrapped = new InferenceSession(adopted, options);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, seq]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows, seq]);
        var sourceInputs = new Dictionary<string, OrtValue> { [ModelContract.InputIds] = idsValue, [ModelContract.AttentionMask] = maskValue };
        using var typesValue = source.InputNames.Contains("token_type_ids") ? OrtValue.CreateTensorValueFromMemory(new long[rows * seq], [rows, seq]) : null;
        if (typesValue is not null)
        {
            sourceInputs["token_type_ids"] = typesValue;
        }

        var hiddenName = source.OutputNames.Contains("last_hidden_state") ? "last_hidden_state" : source.OutputNames[0];
        using var hidden = source.Run(new RunOptions(), sourceInputs, [hiddenName]);
        using var embeddings = wrapped.Run(new RunOptions(), new Dictionary<string, OrtValue> { [ModelContract.InputIds] = idsValue, [ModelContract.AttentionMask] = maskValue }, [ModelContract.Embeddings]);
        var expected = hidden[0].GetTensorDataAsSpan<float>();
        var actual = embeddings[0].GetTensorDataAsSpan<float>();
        dim = expected.Length / (rows * seq);
        double worst = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var t = 0; t < lengths[r]; t++)
            {
                for (var c = 0; c < dim; c++)
                {
                    var at = (((r * seq) + t) * dim) + c;
                    worst = Math.Max(worst, Math.Abs(expected[at] - actual[at]));
                }
            }
        }

        return worst;
    }
}
