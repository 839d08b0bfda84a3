using Tacs.Torch.Platform;

namespace Tacs.Torch.Tests.Platform;

public sealed class KernelGuardTests
{
    private static KernelTrial Trial(string cap, bool agrees, bool finite = true) =>
        new(cap, new KernelProbeResult(agrees, finite, agrees ? 1e-6 : finite ? 0.4 : double.PositiveInfinity, "grad head.weight", 10, 20), null, null, null);

    [Fact]
    public void TheFirstSettingThatAgreesIsChosenAndTheFailedOnesAreNamed()
    {
        var choice = KernelGuard.Decide(null, null, () => ([Trial("default", agrees: false, finite: false), Trial("AVX2", agrees: true)], "probe"));
        Assert.Equal(("AVX2", "probe"), (choice.Cap, choice.Source));
        Assert.Contains("oneDNN at default gave wrong training gradients", choice.Note, StringComparison.Ordinal);
        Assert.Contains("capped at AVX2", choice.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void WhenNoSettingAgreesOneDnnIsSwitchedOff()
    {
        var choice = KernelGuard.Decide("auto", null, () => ([Trial("default", false), Trial("AVX2", false), Trial("SSE41", false, finite: false)], "probe"));
        Assert.Equal("off", choice.Cap);
        Assert.Contains("default, AVX2, SSE41", choice.Note, StringComparison.Ordinal);
        Assert.Contains("libtorch's own kernels", choice.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheUsersOwnSettingIsTakenWithoutChecking()
    {
        var asked = false;
        (IReadOnlyList<KernelTrial>, string) Never()
        {
            asked = true;
            return ([], "probe");
        }

        Assert.Equal(("AVX2", "user"), KernelGuard.Decide(null, "AVX2", Never) is var a ? (a.Cap, a.Source) : default);
        Assert.Equal(("off", "user"), KernelGuard.Decide("OFF", null, Never) is var b ? (b.Cap, b.Source) : default);
        Assert.Equal(("SSE41", "user"), KernelGuard.Decide("sse41", null, Never) is var c ? (c.Cap, c.Source) : default);
        Assert.False(asked);
    }

    [Fact]
    public void ACheckThatCannotRunLeavesTheDefaultAndSaysWhy()
    {
        var choice = KernelGuard.Decide(null, null, () => ([new KernelTrial("default", null, "the check process exited with code 134", null, null)], "probe"));
        Assert.Equal(("default", "unchecked"), (choice.Cap, choice.Source));
        Assert.Contains("exited with code 134", choice.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ACheckThatCrashedCountsAsFailedWhenALowerSettingAgrees()
    {
        var crashed = new KernelTrial("default", null, "the check process exited with code 139 (SIGSEGV)", null, null);
        var choice = KernelGuard.Decide(null, null, () => ([crashed, Trial("AVX2", agrees: true)], "probe"));
        Assert.Equal("AVX2", choice.Cap);
        Assert.Contains("oneDNN at default gave wrong training gradients (or its check crashed)", choice.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void CandidatesGoFromTheFastestDown()
    {
        Assert.Equal(["default", "AVX2", "SSE41"], KernelGuard.Candidates(["avx2", "avx512f"]));
        Assert.Equal(["default", "SSE41"], KernelGuard.Candidates(["avx2"]));
    }

    [Fact]
    public void TheComparisonCatchesNaNAndWrongGradients()
    {
        var reference = new Dictionary<string, float[]> { ["loss"] = [0.5f], ["grad head.weight"] = [1f, -2f, 4f] };
        var same = new Dictionary<string, float[]> { ["loss"] = [0.5f], ["grad head.weight"] = [1f, -2f, 4.000001f] };
        var wrong = new Dictionary<string, float[]> { ["loss"] = [0.5f], ["grad head.weight"] = [1f, -2.2f, 4f] };
        var nan = new Dictionary<string, float[]> { ["loss"] = [0.5f], ["grad head.weight"] = [1f, float.NaN, 4f] };

        var ok = KernelProbe.Compare([same], reference);
        Assert.True(ok.Finite && ok.Worst < KernelProbe.Tolerance);
        var off = KernelProbe.Compare([same, wrong], reference);
        Assert.True(off.Finite && off.Worst > KernelProbe.Tolerance && off.Name == "grad head.weight");
        Assert.False(KernelProbe.Compare([same, nan], reference).Finite);
    }

    [Fact]
    public void AFailedVerdictWithAnInfiniteDifferenceSurvivesTheTripThroughJson()
    {
        // The child reports NaN gradients as an infinite difference; plain JSON numbers cannot hold it.
        var failed = new KernelProbeResult(false, false, double.PositiveInfinity, "grad tail.weight", 10, 20);
        var json = System.Text.Json.JsonSerializer.Serialize(failed, KernelJson.Options);
        Assert.Equal(failed, System.Text.Json.JsonSerializer.Deserialize<KernelProbeResult>(json, KernelJson.Options));
    }

    [Fact]
    public void TheChildCheckRunsOneDnnOnThisCpuAndItsGradientsAgreeWithTheReference()
    {
        // The real check, in a child process, on the kernels this machine uses: oneDNN must have run (its verbose lines
        // name the kernels), and the setting in force in this test process must agree with libtorch's own kernels.
        var choice = KernelGuard.Ensure();
        var trial = KernelGuard.RunChild("default");
        Assert.True(trial.Result is not null, trial.Error);
        Assert.StartsWith("oneDNN v", trial.OneDnn, StringComparison.Ordinal);
        Assert.Contains("backward_weights", trial.Kernels, StringComparison.Ordinal);
        if (choice.Source == "user")
        {
            // ONEDNN_MAX_CPU_ISA or TACS_KERNELS set by whoever runs the tests (a workaround users were told about):
            // the process follows it unchecked, so there is no earlier verdict on the default to compare with.
            Assert.Contains("not checked", choice.Note, StringComparison.Ordinal);
        }
        else if (choice.Cap == "default")
        {
            Assert.True(trial.Agrees, trial.Describe());
        }
        else
        {
            Assert.False(trial.Agrees, $"the default was refused earlier but agrees now: {trial.Describe()}");
        }
    }

    [Fact]
    public void TrainingTestsInThisProcessRunOnOneDnnUnlessTheCheckFoundItWrong()
    {
        var choice = KernelGuard.Ensure();
        if (Environment.GetEnvironmentVariable(KernelGuard.ChoiceVariable) is null && Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is null)
        {
            Assert.Contains(choice.Source, new[] { "probe", "cache" });
        }

        Assert.Equal(choice.Cap != "off", NativeSwitches.IsOneDnnEnabled());
    }
}
