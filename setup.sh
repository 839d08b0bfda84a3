#!/usr/bin/env bash
# Installs what tacs needs on a fresh Debian/Ubuntu machine, builds it with its plugins, and runs the main
# job on generated example data. Safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

step() { printf '\n==> %s\n' "$*"; }

step "System packages (libgtk-3-0 for OpenCV's native library; chromium for the viewer's browser tests; python3-tifffile, the independent reader the OME-TIFF and hyperstack tests check tacs's files with)"
missing=()
for package in libgtk-3-0 chromium python3-tifffile; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

step ".NET SDK"
if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "The .NET 10 SDK is required (https://dotnet.microsoft.com/download); install it and run ./setup.sh again." >&2
  exit 1
fi
dotnet --version

step "Build tacs and its plugins (Release) into artifacts/tacs"
# Tacs.App.slnf is the program and its plugins without the tests and benchmarks (dotnet test builds those, in Debug),
# which would add about 3 GB of Release output nobody runs.
dotnet build Tacs.App.slnf -c Release -nologo -v quiet

step "Installed plugins"
./tacs plugins list

step "Example: a synthetic 16-bit fluorescence stack, denoised with the Gaussian plugin"
./tacs example --output example --size 256 --frames 5
./tacs denoise example/noisy.tif --output example/denoised.tif --method gaussian --param sigma=1.5 --overwrite
./tacs measure --reference example/clean.tif example/noisy.tif example/denoised.tif

step "The validation study, quick version, on generated data (report in validation-report/)"
./tacs validate --quick --output validation-report --overwrite

printf '\nDone. Try: ./tacs --help\n'
