namespace CostWatch.Core.Tests.Pricing;

/// <summary>A fact about the source price file, skipped where the file is not beside the repository.</summary>
public sealed class SourcePriceFileFactAttribute : FactAttribute
{
    public SourcePriceFileFactAttribute()
    {
        if (SourcePriceFile.Path is null)
        {
            Skip = "../shared/data/litellm-model-prices.json is not beside the repository";
        }
    }
}
