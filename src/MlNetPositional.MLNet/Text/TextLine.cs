namespace MlNetPositional.Text;

/// <summary>One text, as a row of an ML.NET data view (a column named <c>Text</c>, unless a schema definition renames it).</summary>
internal sealed class TextLine
{
    public string Text { get; set; } = "";
}
