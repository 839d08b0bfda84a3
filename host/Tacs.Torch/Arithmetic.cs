using TorchSharp;
using static TorchSharp.torch;

namespace Tacs.Torch;

/// <summary>
/// Tensor arithmetic that keeps its native scalars alive for the whole libtorch call. TorchSharp 0.107 turns the
/// numbers behind <c>a + b</c> (alpha = 1), <c>a * 2.0</c> and <c>a / 2.0</c> into native Scalars that nothing
/// references once their handle is read, so a collection on another thread can finalize one while libtorch still
/// reads it ("Expected false to be true" from c10::Scalar, or a crash). Use these instead of those operators.
/// Measured safe without a helper: a − b and a * b of two tensors, clamp_min with a held Scalar; not square().
/// </summary>
public static class Arithmetic
{
    /// <summary><paramref name="left"/> + <paramref name="right"/>.</summary>
    public static Tensor Plus(this Tensor left, Tensor right)
    {
        using var one = 1.ToScalar();
        return left.add(right, one);
    }

    /// <summary><paramref name="tensor"/> + <paramref name="addend"/>.</summary>
    public static Tensor Plus(this Tensor tensor, double addend)
    {
        // add(Scalar) alone would make a second, unheld Scalar for alpha = 1.
        using var scalar = addend.ToScalar();
        using var one = 1.ToScalar();
        return tensor.add(scalar, one);
    }

    /// <summary>Every element raised to at least <paramref name="minimum"/> (clamp from below).</summary>
    public static Tensor AtLeast(this Tensor tensor, double minimum)
    {
        using var scalar = minimum.ToScalar();
        return tensor.clamp_min(scalar);
    }

    /// <summary><paramref name="tensor"/> · <paramref name="factor"/>.</summary>
    public static Tensor Times(this Tensor tensor, double factor)
    {
        using var scalar = factor.ToScalar();
        return tensor.mul(scalar);
    }

    /// <summary>Every element squared. TorchSharp's <c>square()</c> is <c>pow</c> with a Scalar 2 that nothing holds
    /// (it failed under collection pressure on another thread: "Unknown scalar type" from pow).</summary>
    public static Tensor Squared(this Tensor tensor)
    {
        using var two = 2.0.ToScalar();
        return tensor.pow(two);
    }

    /// <summary><paramref name="tensor"/> / <paramref name="divisor"/>.</summary>
    public static Tensor DividedBy(this Tensor tensor, double divisor)
    {
        using var scalar = divisor.ToScalar();
        return tensor.div(scalar);
    }
}
