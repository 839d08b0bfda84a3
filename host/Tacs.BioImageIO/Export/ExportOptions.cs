namespace Tacs.BioImageIO.Export;

/// <summary>What an exported package says about itself beyond what the weights file knows.</summary>
/// <param name="Name">Model name shown in Fiji, napari and the zoo.</param>
/// <param name="Authors">Authors (people or lab); at least one.</param>
/// <param name="License">SPDX licence id of the weights, such as CC-BY-4.0 or MIT.</param>
/// <param name="Sigma">Noise level fed to the network on its 0–1 scale; null uses the training σ from the weights' metadata.</param>
/// <param name="TacsVersion">Version of tacs writing the package.</param>
public sealed record ExportOptions(string Name, IReadOnlyList<string> Authors, string License, double? Sigma, string TacsVersion);
