using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetPositional.MLNet.Tests;

/// <summary>Schema comparisons as ML.NET's own tests make them (TestCommon.CheckSameSchemas, CheckSameSchemaShape).</summary>
internal static class SchemaAssert
{
    /// <summary>Same columns at the same indices, hidden ones included: names, types, visibility, and the key values and slot names they carry.</summary>
    public static void Same(DataViewSchema expected, DataViewSchema actual, string what)
    {
        Assert.AreEqual(expected.Count, actual.Count, $"{what}: column count ({Describe(expected)} vs {Describe(actual)})");
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.AreEqual(e.Name, a.Name, $"{what}: name at {i}");
            Assert.AreEqual(e.Type, a.Type, $"{what}: type of {e.Name} at {i}");
            Assert.AreEqual(e.IsHidden, a.IsHidden, $"{what}: visibility of {e.Name} at {i}");
            Assert.AreEqual(expected.GetColumnOrNull(e.Name)?.Index, actual.GetColumnOrNull(a.Name)?.Index, $"{what}: index that the name {e.Name} finds ({Describe(expected)} vs {Describe(actual)})");
            foreach (var kind in new[] { "KeyValues", "SlotNames" })
            {
                Assert.AreEqual(e.Annotations.Schema.GetColumnOrNull(kind)?.Type, a.Annotations.Schema.GetColumnOrNull(kind)?.Type, $"{what}: {kind} of {e.Name}");
            }
        }
    }

    /// <summary>
    /// Promised and delivered shapes agree both ways, as ML.NET's CheckSameSchemaShape demands (its
    /// IsCompatibleWith is internal): kind, item type, key-ness and the same annotations.
    /// </summary>
    public static void SameShape(SchemaShape promised, SchemaShape delivered, string what)
    {
        Assert.AreEqual(promised.Count, delivered.Count, what);
        foreach (var (p, d) in promised.OrderBy(c => c.Name).Zip(delivered.OrderBy(c => c.Name)))
        {
            Assert.AreEqual(p.Name, d.Name, what);
            Assert.AreEqual(p.Kind, d.Kind, $"{what}: kind of {p.Name}");
            Assert.AreEqual(p.ItemType, d.ItemType, $"{what}: item type of {p.Name}");
            Assert.AreEqual(p.IsKey, d.IsKey, $"{what}: key-ness of {p.Name}");
            CollectionAssert.AreEquivalent(p.Annotations.Select(a => a.Name).ToArray(), d.Annotations.Select(a => a.Name).ToArray(), $"{what}: annotations of {p.Name}");
        }
    }

    private static string Describe(DataViewSchema schema) => string.Join(", ", schema.Select(c => c.IsHidden ? $"({c.Name})" : c.Name));
}
