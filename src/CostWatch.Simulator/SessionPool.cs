namespace CostWatch.Simulator;

/// <summary>
/// Open sessions: a new coordinator run usually continues one (the user's next message) and otherwise starts
/// another, so sessions span one to five runs, interleaved with other users' runs.
/// </summary>
internal sealed class SessionPool(Random random)
{
    private const double ContinueShare = 0.65;
    private const int Users = 40;
    private readonly List<Session> _open = [];

    public (Session Session, int Turn) Next()
    {
        Session session;
        if (_open.Count > 0 && random.NextDouble() < ContinueShare)
        {
            session = _open[random.Next(_open.Count)];
        }
        else
        {
            session = new Session($"sess_{random.NextInt64():x16}", $"user-{random.Next(1, Users + 1):D3}", random.Next(1, 6));
            _open.Add(session);
        }

        var turn = session.TakeTurn();
        if (session.IsOver)
        {
            _open.Remove(session);
        }

        return (session, turn);
    }
}
