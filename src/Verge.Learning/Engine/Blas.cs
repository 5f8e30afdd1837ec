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
    /// are split into row or column blocks, one per engine thread, each a single-threaded OpenBLAS call: one
    /// thread pool (.NET's) instead of two competing for the same cores, and every output element is still
    /// computed by one call in one order, so results do not depend on the thread count.
    /// </summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        int threads = Parallelism.Threads;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            if (threads == 1 || (long)m * n * k < 400_000)
            {
                Sgemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                return;
            }
            var (ap, bp, cp) = ((nint)pa, (nint)pb, (nint)pc);
            bool splitRows = m >= n;
            int extent = splitRows ? m : n;
            int blocks = Math.Min(threads, extent);
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

    private static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc) =>
        CblasSgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Keeps OpenBLAS single-threaded: <see cref="Gemm"/> parallelises across blocks itself.</summary>
    internal static void UseSingleThreadedLibrary() => OpenBlasSetNumThreads(1);
}
