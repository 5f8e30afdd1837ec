using System.Runtime.InteropServices;

namespace Verge.Learning.Engine;

/// <summary>Row-major single-precision GEMM through OpenBLAS (Debian libopenblas0-pthread, installed by scripts/setup).</summary>
public static unsafe partial class Blas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    private static partial void CblasSgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    private static partial void OpenBlasSetNumThreads(int threads);

    /// <summary>C[m×n] = alpha·op(A)·op(B) + beta·C, all row-major; op(X) is Xᵀ when the matching flag is set.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
            CblasSgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>How many threads OpenBLAS may use (its own pool; the engine's loops use <see cref="Parallelism"/>).</summary>
    public static void SetThreads(int threads) => OpenBlasSetNumThreads(Math.Max(1, threads));
}
