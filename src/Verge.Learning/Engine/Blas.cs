using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Verge.Learning.Engine;

/// <summary>Row-major single-precision GEMM through OpenBLAS (Debian libopenblas0-pthread, installed by scripts/setup).</summary>
public static unsafe partial class Blas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    static Blas()
    {
        // Debian's DYNAMIC_ARCH OpenBLAS picks its kernels from the CPU model; on virtual CPUs that it does not
        // know ("Intel Xeon Processor") it falls back to Prescott (SSE3), about 6x slower here. Name the core
        // from the instruction sets we can see, before the library loads, unless the user already chose one.
        if (!OperatingSystem.IsLinux()) return;
        // Gemm splits work across .NET threads itself; OpenBLAS's own pool would only compete for the cores.
        SetEnv("OPENBLAS_NUM_THREADS", "1", 0);
        if (Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is not null) return;
        var core = Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported ? "SkylakeX"
            : Avx2.IsSupported && Fma.IsSupported ? "Haswell" : null;
        if (core is not null) SetEnv("OPENBLAS_CORETYPE", core, 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    private static partial void CblasSgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    private static partial void OpenBlasSetNumThreads(int threads);

    /// <summary>
    /// C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major; op(X) is Xᵀ when the matching flag is set. Large products
    /// are split into row or column blocks, each a single-threaded OpenBLAS call run on the engine's threads: one
    /// thread pool (.NET's) instead of two competing for the same cores. The blocks follow from (m, n, k) alone,
    /// never from the thread count: OpenBLAS picks its kernels and summation order by the shape of each call (a
    /// 6×12544 block is not summed like the same rows of a 6×25088 call), so blocks chosen per thread made weights
    /// differ in the last bits between one and two threads, and between two trainings when a concurrent command
    /// changed the process-wide thread count.
    /// </summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        bool splitRows = m >= n;
        int extent = splitRows ? m : n;
        int blocks = Blocks(extent, (long)m * n * k);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (blocks == 1)
            {
                Sgemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }
            var (ap, bp, cp) = ((nint)pa, (nint)pb, (nint)pc);
            Parallel.For(0, blocks, Parallelism.Options, block =>
            {
                int from = (int)((long)extent * block / blocks), to = (int)((long)extent * (block + 1) / blocks);
                float* a0 = (float*)ap, b0 = (float*)bp, c0 = (float*)cp;
                if (splitRows)
                    Sgemm(transA, transB, to - from, n, k, alpha, transA ? a0 + from : a0 + (long)from * lda, lda,
                        b0, ldb, beta, c0 + (long)from * ldc, ldc);
                else
                    Sgemm(transA, transB, m, to - from, k, alpha, a0, lda,
                        transB ? b0 + (long)from * ldb : b0 + from, ldb, beta, c0 + from, ldc);
            });
        }
    }

    /// <summary>
    /// How many blocks a product of <paramref name="work"/> multiply-adds is split into: <see cref="LargeBlocks"/>
    /// when it is large enough to pay for the split, else one; at most one per row or column of the split side. A
    /// function of the shape only, so the result is too.
    /// </summary>
    internal static int Blocks(int extent, long work) => work < 400_000 ? 1 : Math.Min(extent, LargeBlocks);

    /// <summary>
    /// Two: the documented results were trained with two engine threads, which split every large product in two, so
    /// a fixed split of two keeps them bit for bit (and uses both cores of the 2-core hosts they come from). More
    /// cores still speed up the per-sample and per-channel loops; a larger fixed split would change every result.
    /// </summary>
    internal const int LargeBlocks = 2;

    private static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc) =>
        CblasSgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>One single-threaded OpenBLAS call, for callers that already run one product per thread (per-example gradients).</summary>
    internal static void GemmSingle(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
            Sgemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>Keeps OpenBLAS single-threaded: <see cref="Gemm"/> parallelises across blocks itself.</summary>
    internal static void UseSingleThreadedLibrary() => OpenBlasSetNumThreads(1);
}
