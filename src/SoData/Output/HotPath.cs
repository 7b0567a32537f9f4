using System.Runtime.CompilerServices;

namespace SoData.Output
{
    /// <summary>
    /// <see cref="MethodImplOptions"/> for the few methods an export runs once per point (a million times and more).
    /// </summary>
    /// <remarks>
    /// An export usually runs once in a fresh process, so the runtime's tiered compilation starts these methods as
    /// unoptimized code (no inlining: every cell a call that copies a 40-byte <see cref="TableCell"/>) and replaces them
    /// only after counting calls, in the background; on a busy machine that is seconds later. Measured (docs/performance.md,
    /// "Export of 1,000,000 points in a fresh process"): the first export of a process cost about 2 s more CPU than on
    /// 460772d, most of it in those unoptimized first versions. AggressiveOptimization (512; netstandard2.0 does not
    /// name it) compiles them optimized at their first call; a runtime without tiered compilation (.NET Framework)
    /// does not know the flag and ignores it.
    /// </remarks>
    internal static class HotPath
    {
        public const MethodImplOptions OptimizeNow = (MethodImplOptions)512;
    }
}
