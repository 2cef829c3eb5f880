# Dot-sourced after TestSetup.ps1 by the files whose error-contract tables hold script text
# (BooleanModel, BooleanModelDensity, GaussianExcursionSet, Particle, VoxelClassifier,
# TrinarizationMethods, VoxelFilterPreprocessing).
#
# Invoke-UserCommand runs a script block as a user at the prompt would (ErrorAction Continue, while
# the suite runs the tests under Stop) and returns what it wrote and every error it reported:
# the non-terminating ones it wrote and the one that stopped it, if any.
#     $r = Invoke-UserCommand { New-BooleanModel -Size 0 -Intensity 0.01 -Radius 3 }
#     $r.ErrorId | Should -Contain 'InvalidDimensions'
#     $r.Output | Should -BeNullOrEmpty
function Invoke-UserCommand([scriptblock] $Command) {
    $ErrorActionPreference = 'Continue'
    $output = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[object]]::new()
    try {
        & $Command 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_) } else { $output.Add($_) }
        }
    }
    catch {
        $errors.Add($_)
    }
    [pscustomobject]@{
        Output  = $output.ToArray()
        Errors  = $errors.ToArray()
        ErrorId = @(Get-ErrorId $errors)
    }
}
