using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Transport;

namespace MicroMorph.Core.Tests.Processing;

public class StagedProgressTests
{
    [Fact]
    public void StagesMapOntoTheirShareOfTheRun()
    {
        var reports = new List<ProgressReport>();
        var options = new ComputeOptions { Progress = new Recorder(reports) };
        var stages = new StagedProgress(options, new ProgressStage("First", 1), new ProgressStage("Second", 3));

        var first = stages.Next();
        first.Progress!.Report(new ProgressReport("First", "half", 0.5));
        var second = stages.Next();
        second.Progress!.Report(new ProgressReport("Inner loop", "1 of 2", 0.5));
        second.Progress!.Report(new ProgressReport("Inner loop", "2 of 2", 1));

        // Shares 1 : 3 -> the first stage spans [0, 0.25], the second [0.25, 1].
        Assert.Equal([0, 0.125, 0.25, 0.625, 1], reports.Select(r => r.Overall!.Value));
        Assert.Equal(["First", "First", "Second", "Second", "Second"], reports.Select(r => r.Activity));
        Assert.Equal("First (1 of 2)", reports[1].Stage);
        Assert.Equal("Second (2 of 2)", reports[3].Stage);
        Assert.Equal(0.5, reports[3].Fraction);
        Assert.Equal("Inner loop: 1 of 2", reports[3].Status); // a loop named otherwise than its stage keeps its name in the status
        Assert.Throws<InvalidOperationException>(() => stages.Next());
    }

    [Fact]
    public void NestedStagesComposeAndTheOuterStageNamesTheStep()
    {
        var reports = new List<ProgressReport>();
        var options = new ComputeOptions { Progress = new Recorder(reports) };
        var outer = new StagedProgress(options, new ProgressStage("Count", 1), new ProgressStage("Solve", 1));
        outer.Next();
        var inner = new StagedProgress(outer.Next(), new ProgressStage("Set up", 1), new ProgressStage("Iterate", 1));
        inner.Next();
        inner.Next().Progress!.Report(new ProgressReport("Iterate", "iteration 5", 0.5));

        var last = reports[^1];
        Assert.Equal(0.5 + (0.5 * 0.75), last.Overall!.Value, 12);
        Assert.Equal("Iterate", last.Activity);
        Assert.Equal(0.5, last.Fraction);
        Assert.Equal("Solve (2 of 2)", last.Stage);
    }

    [Fact]
    public void WithoutASinkTheOptionsPassUnchanged()
    {
        var options = new ComputeOptions { MaxDegreeOfParallelism = 3 };
        var stages = new StagedProgress(options, new ProgressStage("Only", 1));
        Assert.Same(options, stages.Next());
    }

    [Fact]
    public void StagesNeedNamesAndPositiveShares()
    {
        Assert.Throws<ArgumentException>(() => new StagedProgress(ComputeOptions.Default));
        Assert.Throws<ArgumentException>(() => new StagedProgress(ComputeOptions.Default, new ProgressStage("A", 0)));
        Assert.Throws<ArgumentException>(() => new StagedProgress(ComputeOptions.Default, new ProgressStage(" ", 1)));
    }

    /// <summary>The overall fraction of a whole measurement rises from its first report to 1 and never goes back.</summary>
    [Theory]
    [InlineData("Constrictivity")]
    [InlineData("EffectiveTortuosity")]
    public void MeasurementsReportAnOverallFractionThatNeverFalls(string measurement)
    {
        var image = RandomPhaseImage.Create(40, 40, 40, 0.55, 7, new VoxelSize(1, "µm"));
        var pore = image.Phases[1];
        var reports = new List<ProgressReport>();
        var options = new ComputeOptions { Progress = new Recorder(reports), MaxDegreeOfParallelism = 1 };
        if (measurement == "Constrictivity")
        {
            ConstrictivityAnalysis.Compute(image, pore, FlowDirection.Z, options);
        }
        else
        {
            EffectiveTransportAnalysis.Compute(image, pore, FlowDirection.Z, new TransportSolverSettings(), options);
        }

        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.NotNull(r.Overall));
        var overall = reports.Select(r => r.Overall!.Value).ToArray();
        for (int i = 1; i < overall.Length; i++)
        {
            Assert.True(overall[i] >= overall[i - 1], $"report {i} ({reports[i].Activity}: {reports[i].Status}) falls from {overall[i - 1]} to {overall[i]}");
        }

        Assert.Equal(0, overall[0]);
        Assert.True(reports.Select(r => r.Stage).Distinct().Count() > 2, "several stages are reported");
    }

    private sealed class Recorder(List<ProgressReport> reports) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
