using Microsoft.ML;

namespace MlNetPositional.MLNet.Tests;

/// <summary>The token sentences of <see cref="TokenSentences.WithUnknownAndOverLong"/> as every input kind the transform takes.</summary>
internal static class TokenInputs
{
    /// <summary>Kinds: "text", "key" (MapValueToKey of the text, column Keys), "int32", "int64" (ids t-number, unknown = 1).</summary>
    public static (IDataView Data, string Column) Of(MLContext ml, string kind)
    {
        var sentences = TokenSentences.WithUnknownAndOverLong;
        var text = ml.Data.LoadFromEnumerable(sentences.Select(s => new TextRow { Tokens = s }));
        var ids = sentences.Select(s => s.Select(t => t.StartsWith('t') && int.TryParse(t[1..], out var n) ? n : 1).ToArray()).ToArray();
        return kind switch
        {
            "int32" => (ml.Data.LoadFromEnumerable(ids.Select(i => new Int32Row { Tokens = i })), "Tokens"),
            "int64" => (ml.Data.LoadFromEnumerable(ids.Select(i => new Int64Row { Tokens = [.. i.Select(v => (long)v)] })), "Tokens"),
            "key" => (ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens").Fit(text).Transform(text), "Keys"),
            _ => (text, "Tokens"),
        };
    }
}
