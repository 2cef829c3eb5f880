#!/usr/bin/env bash
# Measures every volume of a folder on a Slurm cluster with MicroMorph: a job array with one task per
# volume (at most MAX_RUNNING at once), then a merge job that starts when every task has succeeded and
# writes one table, <results>/results.csv. See README.md here and docs/scaling-out.md.
#
#   ./submit.sh /scratch/$USER/tomograms /scratch/$USER/results
#
# Settings (environment variables, all optional):
#   FILTER       which files are volumes (default *.tif*)
#   PHASES       labels to phase names for labelled volumes, e.g. "0=Pore,85=NMC,170=CBD";
#                empty: grey values are trinarized with Otsu's thresholds
#   VOXEL_SIZE   voxel edge length in UNIT (default: each file's own), UNIT (default µm)
#   MICROMORPH   MicroMorph's manifest on the nodes (default: MicroMorph from PSModulePath)
#   MAX_RUNNING  array tasks running at once (default 20)
#   PWSH         the pwsh command on the nodes (default pwsh)
set -euo pipefail

usage="usage: submit.sh <folder of volumes> <results folder>"
input="$(cd "${1:?$usage}" && pwd)"
mkdir -p "${2:?$usage}/logs"
output="$(cd "$2" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
filter="${FILTER:-*.tif*}"

count=$(find "$input" -maxdepth 1 -type f -name "$filter" | wc -l)
if [ "$count" -eq 0 ]; then
  echo "submit.sh: no files matching '$filter' in $input" >&2
  exit 1
fi

# The array: task i measures file i of the sorted list (Measure-SlurmTask.ps1 sorts the same way).
array=$(sbatch --parsable \
  --array="0-$((count - 1))%${MAX_RUNNING:-20}" \
  --output="$output/logs/measure-%A_%a.out" \
  --export="ALL,INPUT=$input,OUTPUT=$output,FILTER=$filter,SCRIPTS=$here,TASK_COUNT=$count" \
  "$here/measure.sbatch")
array="${array%%;*}"   # --parsable prints "jobid" or "jobid;cluster"

# The merge: after all tasks succeeded (afterok); it also names any volume without results.
merge=$(sbatch --parsable \
  --job-name=micromorph-merge --ntasks=1 --cpus-per-task=1 --mem=2G --time=00:30:00 \
  --dependency="afterok:$array" \
  --output="$output/logs/merge-%j.out" \
  --wrap="${PWSH:-pwsh} -NoProfile -NonInteractive -File '$here/Merge-SlurmResults.ps1' -Path '$input' -Filter '$filter' -OutputFolder '$output'")
merge="${merge%%;*}"

echo "Submitted array job $array ($count tasks) and merge job $merge."
echo "Results: $output/results.csv   Logs: $output/logs   Progress: squeue -u ${USER:-$(id -un)}"
