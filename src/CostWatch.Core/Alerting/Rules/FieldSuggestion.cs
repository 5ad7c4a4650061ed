namespace CostWatch.Core.Alerting.Rules;

/// <summary>The known field an unknown one was probably meant to be: <c>keepFiringfor</c> is <c>keepFiringFor</c>.</summary>
internal static class FieldSuggestion
{
    /// <returns><c>"; did you mean 'x'?"</c>, or empty text when no known field is close.</returns>
    public static string For(string unknown, IEnumerable<string> known)
    {
        var best = known
            .Select(candidate => (Candidate: candidate, Distance: Distance(unknown.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(2, unknown.Length / 4)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $"; did you mean '{best.Candidate}'?";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
