<#
.SYNOPSIS
    Trainable voxel classification (001 Section 2.3.2, 004): a random forest trained on three
    labelled slices separates two phases of equal mean grey value by their texture.

.DESCRIPTION
    Generates a synthetic FIB-SEM-like volume (ClassificationPhantom: large oblate "graphite"
    grains with a smooth texture in a fine-grained "carbon-binder" matrix, both of mean grey 128,
    so no global threshold separates them), takes the true labels of three slices as the hand
    labels, trains New-VoxelClassifier, saves and reloads it, classifies the volume, removes small
    graphite components and closes the graphite phase (Invoke-VoxelFilter -Filter
    RemoveSmallComponents, Closing) and reports the IoU per class on the held-out slices
    (Measure-ClassificationAccuracy). Stops with an error when a class falls below an IoU of 0.9.
    Writes the classifier, a PNG of a held-out slice (classes) and the IoU table
    (classification-iou.csv) to -OutputFolder.

    The features are a fine grid (sigma 0.7, 1.4, 2.8 voxels) matched to the phantom's texture
    (grain 1.5 voxels); -Preset Grafensteiner2021 is the paper's set for its 20 nm voxels.

        dotnet pwsh ./examples/Voxel-Classification.ps1 -OutputFolder ./out

.PARAMETER OutputFolder
    Where the files go (created if needed; default ./out).

.PARAMETER Size
    Edge of the generated cube in voxels (default 96).

.PARAMETER Seed
    Seed of the phantom and of the forest (default 7); the same seed gives the same result.

.PARAMETER PassThru
    Returns one object with the phantom (grey values and truth), the slices used for training and
    for validation, the classifier, the classified and post-processed phases, the IoU per class and
    the files written, for scripts and tests. Without it the script only shows its results.

.EXAMPLE
    ./examples/Voxel-Classification.ps1 -Seed 11

.EXAMPLE
    (./examples/Voxel-Classification.ps1 -PassThru).Accuracy | Format-Table
#>
[CmdletBinding()]
param(
    [string] $OutputFolder = 'out',
    [ValidateRange(32, 512)]
    [int] $Size = 96,
    [long] $Seed = 7,
    [switch] $PassThru
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module MicroMorph)) { Import-Module (Join-Path $PSScriptRoot '..' 'MicroMorph.psd1') }
$OutputFolder = (New-Item -ItemType Directory -Path $OutputFolder -Force).FullName
$options = [MicroMorph.Core.Parallelism.ComputeOptions]::Default

# The synthetic volume and its truth (grain fraction 0.35, grain radius 31 % of the edge); "hand
# labels" on three slices.
$phantom = [MicroMorph.Core.Classification.ClassificationPhantom]::Create($Size, $Size, $Size, $Seed, 0.35, [math]::Round($Size * 0.31), $options)
$grey = $phantom.Item1
$truth = $phantom.Item2
$training = [int[]]@([int]($Size / 4), [int]($Size / 2), [int](3 * $Size / 4))
$labels = [MicroMorph.Core.Classification.ClassificationPhantom]::LabelsOn($truth, $training)
Write-Host "Phantom: $($grey.Dimensions) voxels; hand labels on slices $($training -join ', ')"

# Train, save, reload (an instrument script would only import).
$classifier = New-VoxelClassifier $grey $labels -Feature GaussianSmoothing, GradientMagnitude, LaplacianOfGaussian, StructureTensorEigenvalues, HessianEigenvalues -Sigma 0.7, 1.4, 2.8 -Seed $Seed
$file = Join-Path $OutputFolder 'texture.mmclf'
$classifier | Export-VoxelClassifier -Path $file -Force
$classifier = Import-VoxelClassifier $file
$classifier | Out-Host

# Predict, post-process as 001 Section 2.3.2: remove graphite components too small to be grains
# (001: below 5000 voxels of 20 nm; here below 100 voxels, the phantom's grains are far larger;
# they take the surrounding phase), then close the graphite with a ball.
$phases = Invoke-VoxelClassifier $classifier $grey
$cleaned = $phases | Invoke-VoxelFilter -Filter RemoveSmallComponents -Phase Graphite -MinimumVoxelCount 100
$closed = $cleaned | Invoke-VoxelFilter -Filter Closing -Phase Graphite -Radius 2

# IoU per class on the held-out slices (004).
$heldOut = [int[]]@(0..($Size - 1) | Where-Object { $training -notcontains $_ })
$iou = @($closed | Measure-ClassificationAccuracy -Reference $truth -Slice $heldOut)
Write-Host "IoU on the $($heldOut.Count) held-out slices:"
$iou | Out-Host
$csv = Join-Path $OutputFolder 'classification-iou.csv'
$culture = [cultureinfo]::CurrentCulture
try {
    # A decimal point whatever the session's culture.
    [cultureinfo]::CurrentCulture = [cultureinfo]::InvariantCulture
    $iou | Select-Object Phase, Intersection, Union, Jaccard | Export-Csv -Path $csv -NoTypeInformation -UseQuotes AsNeeded -Encoding utf8NoBOM
}
finally { [cultureinfo]::CurrentCulture = $culture }
foreach ($j in $iou) {
    if ($j.Jaccard -lt 0.9) { throw "IoU of $($j.Phase) on held-out slices is $($j.Jaccard), below 0.9." }
}

# A held-out slice: the classes.
$slice = [int]($Size / 2) + 7
$picture = $closed | Export-VoxelSlice -Path (Join-Path $OutputFolder 'classification-slice.png') -Slice $slice -Scale 3 -Force -PassThru
Write-Host "Classes of held-out slice $($slice): $($picture.FullName)"

if ($PassThru) {
    [pscustomobject]@{
        Seed           = $Seed
        Grey           = $grey
        Truth          = $truth
        TrainingSlices = $training
        HeldOutSlices  = $heldOut
        Classifier     = $classifier
        Phases         = $phases
        Result         = $closed
        Accuracy       = $iou
        Files          = @(Get-Item -LiteralPath $file, $csv) + $picture
    }
}
