using MlNetPositional.Tests.Shared;

namespace MlNetPositional.Contract.Tests;

/// <summary>
/// The contract assembly's public surface: the model contract users read (config, vocabulary, metadata,
/// names, exceptions) and what the other MlNetPositional packages build on, public because they ship
/// and version apart (the ONNX schema, the graph builder, model files, tensor data, atomic writes, the
/// train-log columns). Pinned, so a change of it is a decision, not an accident.
/// </summary>
[TestClass]
public sealed class PublicSurfaceTests
{
    [TestMethod]
    public void ContractAssembly_ExportsExactlyTheContractAndTheOnnxPlumbingOtherPackagesUse()
    {
        var exported = PublicSurface.Of(typeof(ModelMetadata).Assembly);

        CollectionAssert.AreEqual(
            new[]
            {
                "MlNetPositional.Contract.AdoptionRecord",
                "MlNetPositional.Contract.ContractJson",
                "MlNetPositional.Contract.EnumNameJsonConverter`1",
                "MlNetPositional.Contract.EnumNames`1",
                "MlNetPositional.Contract.Files.AtomicFile",
                "MlNetPositional.Contract.IBadInputException",
                "MlNetPositional.Contract.InvalidModelConfigException",
                "MlNetPositional.Contract.InvalidOnnxModelException",
                "MlNetPositional.Contract.ModelArchitecture",
                "MlNetPositional.Contract.ModelArchitectureJsonConverter",
                "MlNetPositional.Contract.ModelArchitectureNames",
                "MlNetPositional.Contract.ModelConfig",
                "MlNetPositional.Contract.ModelContract",
                "MlNetPositional.Contract.ModelContract+Keys",
                "MlNetPositional.Contract.ModelMetadata",
                "MlNetPositional.Contract.Onnx.GraphBuilder",
                "MlNetPositional.Contract.Onnx.ModelFileMetadata",
                "MlNetPositional.Contract.Onnx.OnnxModelFile",
                "MlNetPositional.Contract.Onnx.OnnxModelSummary",
                "MlNetPositional.Contract.Onnx.OnnxVersions",
                "MlNetPositional.Contract.Onnx.Schema.AttributeProto",
                "MlNetPositional.Contract.Onnx.Schema.AttributeProto+Types",
                "MlNetPositional.Contract.Onnx.Schema.AttributeProto+Types+AttributeType",
                "MlNetPositional.Contract.Onnx.Schema.GraphProto",
                "MlNetPositional.Contract.Onnx.Schema.ModelProto",
                "MlNetPositional.Contract.Onnx.Schema.NodeProto",
                "MlNetPositional.Contract.Onnx.Schema.OnnxReflection",
                "MlNetPositional.Contract.Onnx.Schema.OperatorSetIdProto",
                "MlNetPositional.Contract.Onnx.Schema.StringStringEntryProto",
                "MlNetPositional.Contract.Onnx.Schema.TensorProto",
                "MlNetPositional.Contract.Onnx.Schema.TensorProto+Types",
                "MlNetPositional.Contract.Onnx.Schema.TensorProto+Types+DataType",
                "MlNetPositional.Contract.Onnx.Schema.TensorShapeProto",
                "MlNetPositional.Contract.Onnx.Schema.TensorShapeProto+Types",
                "MlNetPositional.Contract.Onnx.Schema.TensorShapeProto+Types+Dimension",
                "MlNetPositional.Contract.Onnx.Schema.TensorShapeProto+Types+Dimension+ValueOneofCase",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto+Types",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto+Types+Map",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto+Types+Sequence",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto+Types+Tensor",
                "MlNetPositional.Contract.Onnx.Schema.TypeProto+ValueOneofCase",
                "MlNetPositional.Contract.Onnx.Schema.ValueInfoProto",
                "MlNetPositional.Contract.Onnx.TensorData",
                "MlNetPositional.Contract.Onnx.TensorSummary",
                "MlNetPositional.Contract.PositionalKind",
                "MlNetPositional.Contract.PositionalKindJsonConverter",
                "MlNetPositional.Contract.PositionalKindNames",
                "MlNetPositional.Contract.TokenizerRecord",
                "MlNetPositional.Contract.TrainLogColumns",
                "MlNetPositional.Contract.Vocabulary",
            },
            exported,
            string.Join(", ", exported));
    }

    [TestMethod]
    public void ContractAssembly_ShowsItsInternalsOnlyToItsTestsAndBenchmarks()
    {
        CollectionAssert.AreEqual(
            new[] { "MlNetPositional.Benchmarks", "MlNetPositional.Contract.Tests" },
            PublicSurface.FriendsOf(typeof(ModelMetadata).Assembly));
    }
}
