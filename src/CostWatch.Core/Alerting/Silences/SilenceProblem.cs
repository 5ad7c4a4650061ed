namespace CostWatch.Core.Alerting.Silences;

/// <summary>
/// One thing wrong with a silence or matcher: the field it is about (as the API names it, for example
/// <c>endsAt</c> or <c>matchers[1].value</c>) and a message that says what is wrong and what is expected.
/// </summary>
public sealed record SilenceProblem(string Field, string Message);
