using static TorchSharp.torch;

namespace MlNetPositional.Training.PyTorch.TorchSave;

/// <summary>
/// A tensor as torch.save pickles it (<c>torch._utils._rebuild_tensor_v2(storage, storage_offset,
/// size, stride, ...)</c>): a view into a whole storage. "Saving preserves views": a slice, a part of
/// <c>torch.split</c>, a transposed or an expanded tensor keeps its offset and strides, and tensors
/// that share a storage share its record.
/// </summary>
/// <param name="Storage">The storage it views.</param>
/// <param name="Offset">Index, in elements, of its first element in the storage.</param>
/// <param name="Size">Its shape.</param>
/// <param name="Stride">Elements to step in the storage per step along each dimension (0 for an expanded one).</param>
internal sealed record PickledTensor(PickledStorage Storage, long Offset, long[] Size, long[] Stride)
{
    /// <summary>The tensor the arguments of <c>_rebuild_tensor</c> or <c>_rebuild_tensor_v2</c> describe (their first four; the rest are autograd's).</summary>
    /// <exception cref="InvalidDataException">The arguments are not (storage, offset, size, stride, ...).</exception>
    public static PickledTensor FromRebuildArguments(object[] arguments) =>
        arguments is [PickledStorage storage, var offset, var size, var stride, ..]
        && PickleIntegers.AsLong(offset) is { } o && PickleIntegers.AsLongs(size) is { } s && PickleIntegers.AsLongs(stride) is { } st
            ? new PickledTensor(storage, o, s, st)
            : throw new InvalidDataException("its pickle rebuilds a tensor from arguments that are not (storage, storage_offset, size, stride, ...).");

    /// <summary>
    /// Why this view does not fit in a storage of <see cref="PickledStorage.Elements"/> elements (as
    /// PyTorch's own bounds check sees it), or null when it fits. An empty tensor fits any storage.
    /// </summary>
    public string? BoundsProblem()
    {
        var layout = $"size {List(Size)}, stride {List(Stride)}, storage offset {Offset}";
        if (Size.Length != Stride.Length || Offset < 0 || Size.Any(s => s < 0) || Stride.Any(s => s < 0))
        {
            return $"has an invalid layout ({layout}): sizes, strides and the offset must be non-negative, one stride per dimension.";
        }

        if (Size.Contains(0))
        {
            return null;
        }

        try
        {
            // The last element a view reaches: offset + sum((size_i - 1) * stride_i).
            var last = Offset;
            for (var d = 0; d < Size.Length; d++)
            {
                last = checked(last + checked((Size[d] - 1) * Stride[d]));
            }

            return last < Storage.Elements
                ? null
                : $"needs {last + 1} elements of its storage ({layout}) but storage record data/{Storage.Key} holds {Storage.Elements}.";
        }
        catch (OverflowException)
        {
            return $"has a layout whose extent overflows ({layout}).";
        }
    }

    /// <summary>A contiguous copy of this view of <paramref name="storage"/> (the whole storage as one dimension), sharing no memory with it.</summary>
    public Tensor CopyFrom(Tensor storage)
    {
        var copy = empty(Size, Storage.DType);
        if (Size.Contains(0))
        {
            return copy;
        }

        using var view = storage.as_strided(Size, Stride, Offset);
        copy.copy_(view);
        return copy;
    }

    private static string List(long[] values) => $"[{string.Join(", ", values)}]";
}
