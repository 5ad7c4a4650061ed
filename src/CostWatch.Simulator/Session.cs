namespace CostWatch.Simulator;

/// <summary>A conversation of one user with the fleet: several coordinator runs under one <c>gen_ai.conversation.id</c>.</summary>
internal sealed class Session(string id, string userId, int turns)
{
    public string Id { get; } = id;

    public string UserId { get; } = userId;

    /// <summary>Runs the session will have.</summary>
    public int Turns { get; } = turns;

    /// <summary>Runs started so far.</summary>
    public int TurnsTaken { get; private set; }

    public bool IsOver => TurnsTaken >= Turns;

    /// <summary>Takes the next turn and returns its number, 0 for the first (the turn that writes the prompt cache).</summary>
    public int TakeTurn() => TurnsTaken++;
}
