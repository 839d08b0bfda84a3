namespace Tacs.BioImageIO.Export;

/// <summary>References an exported DRUNet package cites: the network, and the self-supervised loss it was trained with.</summary>
internal static class Citations
{
    public sealed record Reference(string Text, string Url);

    public static Reference Drunet { get; } = new(
        "Zhang K, Li Y, Zuo W, Zhang L, Van Gool L, Timofte R. Plug-and-Play Image Restoration with Deep Denoiser Prior. IEEE TPAMI 44(10), 2022 (DRUNet).",
        "https://arxiv.org/abs/2008.13751");

    /// <summary>The paper of a training method (the weights' metadata 'method'), or null for supervised training.</summary>
    public static Reference? ForMethod(string method) => method switch
    {
        "r2r" or "recorrupted" => new(
            "Pang T, Zheng H, Quan Y, Ji H. Recorrupted-to-Recorrupted: Unsupervised Deep Learning for Image Denoising. CVPR 2021 (training loss).",
            "https://openaccess.thecvf.com/content/CVPR2021/html/Pang_Recorrupted-to-Recorrupted_Unsupervised_Deep_Learning_for_Image_Denoising_CVPR_2021_paper.html"),
        "n2n" or "neighbor2neighbor" => new(
            "Huang T, Li S, Jia X, Lu H, Liu J. Neighbor2Neighbor: Self-Supervised Denoising from Single Noisy Images. CVPR 2021 (training loss).",
            "https://arxiv.org/abs/2101.02824"),
        "sure" => new(
            "Metzler CA, Mousavi A, Heckel R, Baraniuk RG. Unsupervised Learning with Stein's Unbiased Risk Estimator. 2018 (training loss: SURE with a Monte-Carlo divergence).",
            "https://arxiv.org/abs/1805.10531"),
        _ => null,
    };

    /// <summary>A readable name of the training method.</summary>
    public static string MethodName(string method) => method switch
    {
        "r2r" or "recorrupted" => "Recorrupted-to-Recorrupted (self-supervised: noisy images only)",
        "n2n" or "neighbor2neighbor" => "Neighbor2Neighbor (self-supervised: noisy images only)",
        "sure" => "Stein's unbiased risk estimate (self-supervised: noisy images only)",
        "supervised" => "supervised (noisy/clean pairs)",
        _ => method,
    };
}
